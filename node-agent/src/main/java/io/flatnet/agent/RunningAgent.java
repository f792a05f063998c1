package io.flatnet.agent;

import io.flatnet.agent.api.AgentControl;
import io.flatnet.agent.api.AgentState;
import io.flatnet.agent.config.reload.ConfigReloader;
import io.flatnet.agent.config.view.NodeView;
import io.flatnet.agent.config.view.ViewAdvertisement;
import io.flatnet.agent.k8s.DesiredState;
import io.flatnet.agent.k8s.KubernetesMode;
import io.flatnet.agent.kernel.KernelInstaller;
import io.flatnet.agent.kernel.PrefixStatus;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.rib.BestPathReason;
import io.flatnet.bgp.rib.BestPathResult;
import io.flatnet.bgp.rib.LocRib;
import io.flatnet.bgp.rib.Path;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.PeerReset;
import io.flatnet.bgp.session.PeerStatus;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The agent as the API sees it: the speaker, the configuration in effect and how to stop. The one
 * place that knows where each answer comes from: sessions and the Adj-RIB-In from the speaker, the
 * Loc-RIB from its RIB thread, and the kernel's state of each prefix from the installer.
 *
 * <p>The file and command-line modes start the speaker before the API; the Kubernetes mode serves
 * the API (and its health endpoints) at once and starts the speaker when every informer has synced,
 * so until then the speaker is absent: no peers, {@link #configLoaded()} false, not ready.
 */
final class RunningAgent implements AgentState, AgentControl {
    private final Supplier<Optional<BgpSpeaker>> speaker;
    private final Supplier<NodeInfo> node;
    private final Supplier<Optional<NodeView>> view;
    private final Supplier<Optional<List<ViewAdvertisement>>> advertised;
    private final Supplier<Optional<ConfigReloader.Result>> reloads;
    private final Runnable stop;
    private final Optional<KernelInstaller> kernel;

    /** An agent that installs nothing into the kernel ({@code --no-kernel}). */
    RunningAgent(BgpSpeaker speaker, NodeInfo node, Supplier<Optional<NodeView>> view,
            Supplier<Optional<ConfigReloader.Result>> reloads, Runnable stop) {
        this(speaker, node, view, reloads, stop, Optional.empty());
    }

    /** The command-line mode's {@code --advertise} prefixes; the file mode reads them from the view. */
    private volatile java.util.Set<Advertisement> commandLine = java.util.Set.of();
    private volatile CommandLine commandLineConfig = CommandLine.NONE;

    /**
     * @param view    the configuration in effect (file mode), for peer types; empty in command-line mode
     * @param reloads the latest reload's result
     * @param stop    stops the agent (the same sequence as SIGTERM); must not block for long
     * @param kernel  the kernel installer; empty with {@code --no-kernel}
     */
    RunningAgent(BgpSpeaker speaker, NodeInfo node, Supplier<Optional<NodeView>> view,
            Supplier<Optional<ConfigReloader.Result>> reloads, Runnable stop, Optional<KernelInstaller> kernel) {
        this(() -> Optional.of(speaker), () -> node, view, () -> view.get().map(NodeView::advertisements), reloads,
                stop, kernel);
    }

    /**
     * @param speaker    the speaker once started
     * @param node       who the node is (its AS and router id are known once the speaker started)
     * @param advertised the node's own prefixes with their source, as last given to the speaker
     */
    RunningAgent(Supplier<Optional<BgpSpeaker>> speaker, Supplier<NodeInfo> node, Supplier<Optional<NodeView>> view,
            Supplier<Optional<List<ViewAdvertisement>>> advertised, Supplier<Optional<ConfigReloader.Result>> reloads,
            Runnable stop, Optional<KernelInstaller> kernel) {
        this.speaker = speaker;
        this.node = node;
        this.view = view;
        this.advertised = advertised;
        this.reloads = reloads;
        this.stop = stop;
        this.kernel = kernel;
    }

    /**
     * The Kubernetes mode's agent: the speaker, view and advertisements of the last applied
     * snapshot, and the snapshots' outcomes as the reloads.
     */
    static RunningAgent of(KubernetesMode mode, String node, String configSource, java.time.Instant started,
            Runnable stop, Optional<KernelInstaller> kernel) {
        return new RunningAgent(mode::speaker, () -> nodeInfo(mode.speaker(), node, configSource, started),
                () -> mode.applied().map(DesiredState::view), () -> mode.applied().map(DesiredState::advertised),
                mode::lastResult, stop, kernel);
    }

    static NodeInfo nodeInfo(BgpSpeaker speaker, Optional<String> name, String configSource, java.time.Instant started) {
        return new NodeInfo(name, speaker.config().localAsn().value(), speaker.config().routerId().toString(), started,
                configSource, speaker.listenAddresses().stream()
                        .map(a -> (a.getAddress() instanceof java.net.Inet6Address ? "[" + a.getAddress().getHostAddress()
                                + "]" : a.getAddress().getHostAddress()) + ":" + a.getPort())
                        .toList());
    }

    /** Who the node is before its speaker started: AS 0 and no router id, nothing listening. */
    static NodeInfo nodeInfo(Optional<BgpSpeaker> speaker, String name, String configSource, java.time.Instant started) {
        return speaker.map(s -> nodeInfo(s, Optional.of(name), configSource, started))
                .orElseGet(() -> new NodeInfo(Optional.of(name), 0, "", started, configSource, List.of()));
    }

    /** The command-line mode: what {@code runQuick} parsed, for {@code /v1/config}. */
    RunningAgent withCommandLine(CommandLine parsed) {
        this.commandLineConfig = parsed;
        return this;
    }

    /** The command-line mode: what {@code --advertise} gave the speaker, for {@code /v1/advertisements}. */
    RunningAgent withCommandLineAdvertisements(java.util.Set<Advertisement> advertisements) {
        this.commandLine = java.util.Set.copyOf(advertisements);
        return this;
    }

    @Override
    public List<Advertised> advertisements() {
        return advertised.get().map(list -> list.stream()
                        .map(a -> new Advertised(a.toAdvertisement(),
                                a.source().name().toLowerCase(Locale.ROOT).replace('_', '-')))
                        .toList())
                .orElseGet(() -> commandLine.stream().map(a -> new Advertised(a, "command-line")).toList());
    }

    @Override
    public NodeInfo node() {
        return node.get();
    }

    @Override
    public boolean configLoaded() {
        // The file and command-line modes load it before the speaker (and so the API) starts;
        // the Kubernetes mode once every informer has synced and the first snapshot was applied.
        return speaker.get().isPresent();
    }

    @Override
    public Optional<NodeView> configuration() {
        return view.get();
    }

    @Override
    public Optional<ReloadResult> lastReload() {
        return reloads.get().map(r -> new ReloadResult(r.at(), r.outcome().name().toLowerCase(Locale.ROOT), r.detail()));
    }

    @Override
    public List<PeerStatus> peers() {
        return speaker.get().map(BgpSpeaker::peers).orElse(List.of());
    }

    @Override
    public Optional<PeerStatus> peer(IpAddress address) {
        return speaker.get().flatMap(s -> s.peerStatus(address));
    }

    @Override
    public String peerType(IpAddress address) {
        if (speaker.get().flatMap(s -> s.listenRangeOf(address)).isPresent()) {
            return io.flatnet.agent.api.V1.DYNAMIC;
        }
        return view.get().map(v -> v.peer(address).map(p -> p.kind().label()).orElse("unknown"))
                .orElse("command line");
    }

    /** From the peer's own configuration, so dynamic peers (a standalone reflector's clients) say it too. */
    @Override
    public boolean routeReflectorClient(IpAddress address) {
        return speaker.get().flatMap(s -> s.peerConfig(address)).map(PeerConfig::reflectorClient)
                .orElseGet(() -> view.get().flatMap(v -> v.peer(address)).map(p -> p.routeReflectorClient())
                        .orElse(false));
    }

    @Override
    public CommandLine commandLine() {
        return commandLineConfig;
    }

    @Override
    public Page<PeerRoute> receivedRoutes(List<IpAddress> peers, AddressFamily family, Optional<IpPrefix> prefix,
            Optional<IpPrefix> after, int limit) {
        Optional<BgpSpeaker> running = speaker.get();
        if (running.isEmpty()) {
            return new Page<>(List.of(), false);
        }
        // A prefix's routes from every peer, one per (peer, path id): a walk that restarts offers them again.
        record PeerPath(IpAddress peer, long pathId) {}
        PrefixPager<TreeMap<PeerPath, PeerRoute>> pager = new PrefixPager<>(after, limit, (a, b) -> {
            a.putAll(b);
            return a;
        });
        for (IpAddress peer : peers) {
            pager.walk(at -> running.get().receivedRoutes().walk(peer, family, at, PrefixPager.SLOTS_PER_TASK,
                    p -> (prefix.isEmpty() || prefix.get().equals(p)) && pager.wants(p), r -> {
                        TreeMap<PeerPath, PeerRoute> row = new TreeMap<>(Comparator.comparing(PeerPath::peer)
                                .thenComparingLong(PeerPath::pathId));
                        row.put(new PeerPath(peer, r.pathId()), new PeerRoute(peer, r));
                        pager.offer(r.prefix(), row);
                    }));
        }
        Page<TreeMap<PeerPath, PeerRoute>> page = pager.page();
        return new Page<>(page.items().stream().flatMap(row -> row.values().stream()).toList(), page.truncated());
    }

    @Override
    public Optional<RibEntry> locRib(IpPrefix prefix) {
        Optional<BgpSpeaker> running = speaker.get();
        if (running.isEmpty()) {
            return Optional.empty();
        }
        Optional<Row> row = running.get().rib().query(rib -> {
            LocRib table = rib.locRib(prefix.afi());
            List<Path> paths = table.candidates(prefix);
            return paths.isEmpty() ? Optional.<Row>empty() : Optional.of(new Row(prefix, paths, table.best(prefix)));
        }).orTimeout(30, TimeUnit.SECONDS).join();
        return row.flatMap(r -> withKernelState(List.of(r)).stream().findFirst());
    }

    @Override
    public Page<RibEntry> locRib(AddressFamily family, Optional<IpAddress> peer, Optional<IpPrefix> after, int limit) {
        Optional<BgpSpeaker> running = speaker.get();
        if (running.isEmpty() || !family.isSupported()) {
            return new Page<>(List.of(), false);
        }
        Afi afi = family.knownAfi();
        PrefixPager<Row> pager = new PrefixPager<>(after, limit, (a, b) -> b);
        pager.walk(at -> running.get().rib().query(rib -> rib.locRib(afi).walk(at, PrefixPager.SLOTS_PER_TASK,
                (paths, decision) -> {
                    IpPrefix p = paths.getFirst().prefix();
                    if (pager.wants(p) && (peer.isEmpty()
                            || paths.stream().anyMatch(path -> path.source().peerAddress().equals(peer.get())))) {
                        pager.offer(p, new Row(p, paths, decision));
                    }
                })));
        Page<Row> page = pager.page();
        return new Page<>(withKernelState(page.items()), page.truncated());
    }

    /** A prefix of the Loc-RIB as read on the RIB thread. */
    private record Row(IpPrefix prefix, List<Path> paths, BestPathResult decision) {}

    /** The rows with the kernel's state of each, asked of the installer for these prefixes only. */
    private List<RibEntry> withKernelState(List<Row> rows) {
        Map<IpPrefix, PrefixStatus> inKernel = kernel
                .map(k -> k.status(rows.stream().map(Row::prefix).toList()).orTimeout(30, TimeUnit.SECONDS).join())
                .orElse(Map.of());
        return rows.stream().map(r -> new RibEntry(r.prefix(), r.paths(), r.decision(),
                kernelStatus(r.decision(), Optional.ofNullable(inKernel.get(r.prefix()))))).toList();
    }

    @Override
    public List<RibSize> ribSizes() {
        Optional<BgpSpeaker> running = speaker.get();
        if (running.isEmpty()) {
            return List.of();
        }
        return running.get().rib().query(rib -> List.of(
                new RibSize("ipv4", rib.locRib(Afi.IPV4).prefixCount(), rib.locRib(Afi.IPV4).pathCount()),
                new RibSize("ipv6", rib.locRib(Afi.IPV6).prefixCount(), rib.locRib(Afi.IPV6).pathCount())))
                .orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The installer's word on a prefix, completed with what only the Loc-RIB knows. */
    private KernelStatus kernelStatus(BestPathResult decision, Optional<PrefixStatus> status) {
        if (kernel.isEmpty()) {
            return new KernelStatus.Disabled();
        }
        return switch (status.orElse(new PrefixStatus.Absent())) {
            case PrefixStatus.Installed i -> new KernelStatus.Installed(i.nextHops());
            case PrefixStatus.Blackhole b -> new KernelStatus.Blackhole();
            case PrefixStatus.Excluded x -> new KernelStatus.Excluded(x.reason());
            case PrefixStatus.Pending p -> new KernelStatus.Pending("not applied to the kernel yet");
            case PrefixStatus.Absent a -> notInTheInstaller(decision);
        };
    }

    /** A prefix the installer holds nothing for: the Loc-RIB says whether it should. */
    private static KernelStatus notInTheInstaller(BestPathResult decision) {
        if (decision.best().isEmpty()) {
            return new KernelStatus.NotDesired(decision.reason() == BestPathReason.NEXT_HOP_UNREACHABLE
                    ? "no best path: the next hop of every path is unreachable" : "no best path");
        }
        if (decision.best().get().source().isLocal()) {
            return new KernelStatus.NotDesired("originated by this node: advertised to peers, nothing to install");
        }
        return new KernelStatus.Pending("the best path has not reached the kernel installer yet");
    }

    @Override
    public Optional<KernelState> kernel() {
        if (kernel.isEmpty()) {
            return Optional.empty();
        }
        KernelInstaller.Snapshot s = kernel.get().snapshot().orTimeout(30, TimeUnit.SECONDS).join();
        return Optional.of(new KernelState(Integer.toUnsignedLong(s.table()), s.protocol(), s.installed(),
                s.blackholes(), s.stale(), s.adopted(), s.restart(), s.added(), s.replaced(), s.deleted(),
                s.failures(), s.excluded().stream().map(e -> new ExcludedRoute(e.prefix(), e.reason())).toList()));
    }

    @Override
    public void probe(Duration timeout) throws Exception {
        Optional<BgpSpeaker> started = speaker.get();
        if (started.isEmpty()) {
            return; // nothing runs yet that could hang: the process answers, which is liveness
        }
        BgpSpeaker speaker = started.get();
        CompletableFuture<?> loops = CompletableFuture.supplyAsync(speaker::peers);
        CompletableFuture<?> rib = speaker.receivedRoutes().internedSets();
        CompletableFuture.allOf(loops, rib).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<PeerReset> resetPeer(IpAddress address, boolean hard, String message) {
        return speaker.get().flatMap(s -> s.resetPeer(address, hard, message));
    }

    @Override
    public int decommission(String message) {
        int peers = peers().size();
        // Cease 6/2 with the message ends every session; the peers drop our routes with it.
        speaker.get().ifPresent(s -> s.shutdown(false, message));
        // Then the node's own kernel routes go: learned routes and blackholes alike.
        kernel.ifPresent(KernelInstaller::decommission);
        return peers;
    }

    @Override
    public void exit() {
        stop.run();
    }
}
