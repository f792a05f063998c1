package io.flatnet.agent;

import io.flatnet.agent.api.AgentState;
import io.flatnet.agent.api.ApiServer;
import io.flatnet.agent.config.ConfigException;
import io.flatnet.agent.config.file.ConfigFileLoader;
import io.flatnet.agent.config.reload.ConfigReloader;
import io.flatnet.agent.config.view.NodeView;
import io.flatnet.agent.k8s.KubernetesMode;
import io.flatnet.agent.kernel.KernelInstaller;
import io.flatnet.agent.kernel.KernelOptions;
import io.flatnet.agent.kernel.LocalRanges;
import io.flatnet.kernel.KernelException;
import io.flatnet.kernel.netlink.NetlinkRouteTable;
import io.flatnet.k8s.ClusterWatcher;
import io.flatnet.k8s.WatchOptions;
import io.flatnet.k8s.status.NodeStatusWriter;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.SpeakerConfig;
import io.flatnet.reflector.DynamicNeighbors;
import io.flatnet.reflector.PeerTemplate;
import io.flatnet.reflector.StandaloneReflector;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** The {@code flatnet} command: runs the agent in the foreground until SIGTERM or SIGINT. */
@Command(
        name = "flatnet",
        mixinStandardHelpOptions = true,
        versionProvider = FlatnetMain.Version.class,
        description = "BGP agent for flat Kubernetes pod networks: advertises this node's prefixes to its peers.",
        footer = {"", "After installing or upgrading, 'flatnet train-aot' (a command of the bin/flatnet launcher)",
                "writes the JVM's ahead-of-time cache: later starts map the speaker's classes from it instead of",
                "loading them, and converge sooner. The container image has its cache built in."})
public final class FlatnetMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(FlatnetMain.class);
    /** Editors write a file in several steps; reload once it has been quiet this long. */
    private static final Duration RELOAD_DEBOUNCE = Duration.ofMillis(500);

    /** Options that describe the speaker and its peers directly; the file mode takes all of that from the file. */
    static final List<String> QUICK_OPTIONS = List.of("--asn", "--router-id", "--listen", "--port", "--no-listen",
            "--hold-time", "--peer", "--advertise", "--listen-range", "--standalone-reflector");

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "run from this YAML file of BGPConfiguration, BGPPeer, BGPFilter and Node resources"
                    + " (reloaded on SIGHUP and when it changes); needs --node-name")
    Path configFile;

    @Option(names = "--kubernetes",
            description = "take the configuration from the Kubernetes API: the flatnet CRDs, Nodes, Services and"
                    + " EndpointSlices (in-cluster service account, else $KUBECONFIG or ~/.kube/config)")
    boolean kubernetes;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "with --kubernetes: reach the API server as this kubeconfig file says, instead of the"
                    + " in-cluster service account, $KUBECONFIG or ~/.kube/config")
    Path kubeconfig;

    @Option(names = "--namespace", defaultValue = "${env:FLATNET_NAMESPACE:-flatnet}",
            description = "with --kubernetes: the namespace of the Secrets that BGP passwords name (default: ${DEFAULT-VALUE})")
    String namespace;

    @Option(names = "--resync", defaultValue = "600", paramLabel = "SECONDS",
            description = "with --kubernetes: informer resync period (default: ${DEFAULT-VALUE})")
    int resyncSeconds;

    @Option(names = "--status-min-interval", defaultValue = "10", paramLabel = "SECONDS",
            description = "with --kubernetes: write the BGPNodeStatus at most this often (default: ${DEFAULT-VALUE})")
    int statusMinInterval;

    @Option(names = "--node-name", paramLabel = "NAME",
            description = "this node's Node resource in the --config file (default: $NODENAME, else the host name)")
    String nodeName;

    @Option(names = "--asn", description = "without --config: this node's AS number (asplain or asdot)")
    String asn;

    @Option(names = "--router-id", description = "without --config: BGP identifier, a dotted quad")
    String routerId;

    @Option(names = "--listen", description = "address to accept BGP connections on (repeatable; default: all)")
    List<String> listen = new ArrayList<>();

    @Option(names = "--port", defaultValue = "179", description = "TCP port to listen on (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--no-listen", description = "only connect out; accept no connections")
    boolean noListen;

    @Option(names = "--hold-time", defaultValue = "90", description = "hold time offered, seconds (default: ${DEFAULT-VALUE})")
    int holdTime;

    @Option(names = "--peer", description = "a BGP peer: ADDRESS,as=ASN[,port=N][,password=KEY][,passive][,hold=S]"
            + "[,ttl-security=HOPS][,max-prefixes=N][,policy=defaults|none] (repeatable; eBGP peers need policy=defaults to exchange routes, RFC 8212)")
    List<String> peers = new ArrayList<>();

    @Option(names = "--listen-range", paramLabel = "CIDR[,...]", description = "without --config: accept BGP sessions"
            + " from any address in CIDR, with no --peer for each (dynamic neighbours; a --peer for the address comes"
            + " first): CIDR[,as=ASN][,name=NAME][,policy=defaults|none]; as defaults to --asn (repeatable)")
    List<String> listenRanges = new ArrayList<>();

    @Option(names = "--standalone-reflector", paramLabel = "CLUSTER_ID", description = "without --config: run as a"
            + " standalone route reflector (RFC 4456) with this cluster id: the iBGP peers of the --listen-range"
            + " ranges are its clients, and nothing is installed in the kernel (as with --no-kernel)")
    String standaloneReflector;

    @Option(names = "--advertise", description = "a prefix to advertise, e.g. a pod CIDR block 10.244.1.0/24 (repeatable)")
    List<String> advertise = new ArrayList<>();

    @Option(names = "--status-interval", defaultValue = "0",
            description = "print the peer table every N seconds; 0 never (default: ${DEFAULT-VALUE})")
    int statusInterval;

    @Option(names = "--api-socket", paramLabel = "PATH", defaultValue = "/run/flatnet/flatnet.sock",
            description = "serve the management API (what flatnetctl reads) on this Unix domain socket, mode 0660;"
                    + " its directory is created 0755 (default: ${DEFAULT-VALUE})")
    Path apiSocket;

    @Option(names = "--api-socket-group", paramLabel = "GROUP",
            description = "give the API socket this group, so its members may use flatnetctl (default: the agent's own group)")
    String apiSocketGroup;

    @Option(names = "--no-api-socket", description = "no Unix socket; the API is then only where --api-listen says")
    boolean noApiSocket;

    @Option(names = "--metrics-listen", paramLabel = "ADDR:PORT", defaultValue = "127.0.0.1:9179",
            description = "serve /metrics, /livez, /healthz and /readyz on this TCP address (default: ${DEFAULT-VALUE};"
                    + " [::1]:9179 for IPv6)")
    String metricsListen;

    @Option(names = "--api-listen", paramLabel = "ADDR:PORT",
            description = "serve the management API on TCP too, at this address, with /metrics and health (instead of"
                    + " --metrics-listen); anyone who can connect may reset peers and decommission")
    String apiListen;

    @Option(names = "--no-api", description = "serve no API, metrics or health endpoints")
    boolean noApi;

    @Option(names = "--ready-grace", paramLabel = "SECONDS", defaultValue = "30",
            description = "after start, /readyz waits this long for every BGP session before settling for one"
                    + " (default: ${DEFAULT-VALUE})")
    int readyGrace;

    @Option(names = {"--decommission-on-exit", "--decommission"},
            description = "on exit (SIGTERM), send Cease 6/2 and withdraw, and remove this agent's kernel routes, instead of"
                    + " the default graceful stop (which leaves the kernel routes in place)")
    boolean decommission;

    @Option(names = "--no-kernel",
            description = "install nothing into the kernel: neither learned routes nor the node's blackhole routes")
    boolean noKernel;

    @Option(names = "--kernel-table", paramLabel = "ID", defaultValue = "254",
            description = "routing table for the routes the agent installs (default: ${DEFAULT-VALUE}, main)")
    long kernelTable;

    @Option(names = "--kernel-protocol", paramLabel = "N", defaultValue = "186",
            description = "route protocol id marking the agent's kernel routes, 1..255 (default: ${DEFAULT-VALUE},"
                    + " shown by ip route as 'proto bgp'); routes of every other protocol are never touched")
    int kernelProtocol;

    @Option(names = "--kernel-metric", paramLabel = "N", defaultValue = "0",
            description = "metric (priority) of the installed routes (default: ${DEFAULT-VALUE}; IPv6 stores 1024)")
    long kernelMetric;

    @Option(names = "--kernel-restart-time", paramLabel = "SECONDS", defaultValue = "120",
            description = "after a restart that found routes of ours in the kernel: the longest they are kept"
                    + " waiting for End-of-RIB from the peers before the stale ones are swept (default: ${DEFAULT-VALUE})")
    int kernelRestartTime;

    public static void main(String[] args) {
        int code = commandLine(new java.io.PrintWriter(System.err, true)).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The command with its error handling: a bad option or file is one message and exit code 2. */
    public static CommandLine commandLine(java.io.PrintWriter err) {
        return new CommandLine(new FlatnetMain()).setErr(err).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("flatnet: " + e.getMessage());
                return 2;
            }
            throw e;
        });
    }

    @Override
    public Integer call() throws Exception {
        if (kubernetes) {
            return runFromKubernetes();
        }
        if (configFile != null) {
            return runFromFile();
        }
        if (nodeName != null) {
            throw new IllegalArgumentException("--node-name names this node in a --config file; give --config FILE too");
        }
        if (asn == null || routerId == null) {
            throw new IllegalArgumentException("give --config FILE --node-name NAME, or --asn and --router-id"
                    + " (with --peer and --advertise) for a quick start, or --kubernetes");
        }
        SpeakerConfig plain = speakerConfig();
        Optional<StandaloneReflector> reflector = standaloneReflector(plain);
        DynamicNeighbors neighbors = reflector.map(StandaloneReflector::neighbors)
                .orElseGet(() -> dynamicNeighbors(plain, false));
        if (!neighbors.isEmpty() && !plain.listen()) {
            throw new IllegalArgumentException("--listen-range needs the listener: drop --no-listen");
        }
        SpeakerConfig config = reflector.map(r -> r.speakerConfig(plain)).orElse(plain);
        Set<PeerConfig> peerConfigs = new LinkedHashSet<>();
        for (String spec : peers) {
            peerConfigs.add(PeerSpec.parse(spec));
        }
        Set<Advertisement> advertisements = new LinkedHashSet<>();
        for (String cidr : advertise) {
            try {
                advertisements.add(Advertisement.of(cidr));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--advertise " + cidr + ": " + e.getMessage(), e);
            }
        }
        Optional<ApiServer.Options> apiOptions = apiOptions();
        java.time.Instant started = java.time.Instant.now();
        // A standalone reflector only reflects: it never programs the kernel.
        Optional<KernelInstaller> kernel = reflector.isPresent() && !reflector.get().installsRoutes()
                ? Optional.empty() : startKernel();
        BgpSpeaker speaker = startSpeaker(config, kernel);
        // With listen ranges, a restart also waits for the dynamic peers that come back: the
        // ranges go first, or no configured peer would end the speaker's deferral at once.
        kernel.ifPresent(k -> k.setPeers(peerConfigs, !neighbors.isEmpty()));
        speaker.setAdvertisements(advertisements);
        speaker.setListenRanges(neighbors.listenRanges());
        speaker.setPeers(peerConfigs);
        log.info("flatnet started: AS {}, router id {}, {} peer(s), {} listen range(s), {} prefix(es) advertised,"
                + " listening on {}{}", config.localAsn(), config.routerId(), peerConfigs.size(),
                neighbors.templates().size(), advertisements.size(),
                config.listen() ? speaker.listenAddresses() : "nothing",
                reflector.map(r -> "; standalone route reflector, cluster id " + r.clusterId()
                        + ", installing nothing in the kernel").orElse(""));

        Stopper stopper = new Stopper(speaker, kernel, () -> {});
        RunningAgent agent = new RunningAgent(speaker, RunningAgent.nodeInfo(speaker, Optional.empty(), "command line",
                started), Optional::empty, Optional::empty, stopper::stop, kernel).withCommandLineAdvertisements(advertisements)
                .withCommandLine(new AgentState.CommandLine(List.copyOf(peerConfigs), neighbors.listenRanges(),
                        reflector.map(r -> r.clusterId().toString())));
        return runUntilStopped(stopper, agent, apiOptions);
    }

    /** {@code --standalone-reflector} with the {@code --listen-range} ranges as its clients, if given. */
    private Optional<StandaloneReflector> standaloneReflector(SpeakerConfig config) {
        if (standaloneReflector == null) {
            return Optional.empty();
        }
        RouterId clusterId;
        try {
            clusterId = RouterId.parse(standaloneReflector);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--standalone-reflector " + standaloneReflector
                    + ": the cluster id is a dotted quad, e.g. 244.0.0.1", e);
        }
        if (listenRanges.isEmpty()) {
            throw new IllegalArgumentException("--standalone-reflector needs clients: give --listen-range CIDR");
        }
        return Optional.of(new StandaloneReflector(clusterId, dynamicNeighbors(config, true)));
    }

    private DynamicNeighbors dynamicNeighbors(SpeakerConfig config, boolean reflectorClients) {
        List<PeerTemplate> templates = new ArrayList<>();
        for (String spec : listenRanges) {
            templates.add(ListenRangeSpec.parse(spec, config.localAsn(), reflectorClients));
        }
        try {
            return new DynamicNeighbors(templates);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--listen-range: " + e.getMessage() + " (set name=...)", e);
        }
    }

    /** The file mode: the speaker's settings, peers and advertisements all come from the file. */
    private int runFromFile() throws Exception {
        List<String> mixed = QUICK_OPTIONS.stream()
                .filter(o -> spec.commandLine().getParseResult().hasMatchedOption(o)).toList();
        if (!mixed.isEmpty()) {
            throw new IllegalArgumentException("--config cannot be combined with " + String.join(", ", mixed)
                    + ": the file gives the AS, router id, listen settings, peers and advertisements");
        }
        String node = nodeName != null ? nodeName : defaultNodeName();
        NodeView view;
        try {
            view = NodeView.compute(ConfigFileLoader.load(configFile), node);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("configuration refused:\n" + e.getMessage(), e);
        }
        LogLevels.apply(view);
        view.warnings().forEach(w -> log.warn("{}", w));
        Optional<ApiServer.Options> apiOptions = apiOptions();
        java.time.Instant started = java.time.Instant.now();
        Optional<KernelInstaller> kernel = startKernel();
        BgpSpeaker speaker = startSpeaker(view.speakerConfig(), kernel);
        apply(speaker, kernel, view);
        log.info("flatnet started from {} as node {}: AS {}, router id {}, {} peer(s), {} prefix(es) advertised,"
                + " listening on {}", configFile, node, view.asNumber(), view.routerId(), view.peers().size(),
                view.advertisements().size(), speaker.listenAddresses());
        ConfigReloader reloader = new ConfigReloader(configFile, node, view, next -> {
            LogLevels.apply(next);
            apply(speaker, kernel, next);
        }, RELOAD_DEBOUNCE);
        reloader.start();
        Stopper stopper = new Stopper(speaker, kernel, reloader::close);
        RunningAgent agent = new RunningAgent(speaker, RunningAgent.nodeInfo(speaker, Optional.of(node),
                "file " + configFile.toAbsolutePath(), started), () -> Optional.of(reloader.current()),
                reloader::lastResult, stopper::stop, kernel);
        return runUntilStopped(stopper, agent, apiOptions);
    }

    /**
     * The Kubernetes mode: informers feed snapshots to {@link KubernetesMode}, which starts the
     * speaker with the first good one and applies every later one; the node's BGPNodeStatus is
     * written back. The API, metrics and health endpoints are the file mode's, served from the
     * start: until the speaker starts the agent is live but not ready, with no peers.
     */
    private int runFromKubernetes() throws Exception {
        List<String> mixed = new ArrayList<>(QUICK_OPTIONS.stream()
                .filter(o -> spec.commandLine().getParseResult().hasMatchedOption(o)).toList());
        if (configFile != null) {
            mixed.add("--config");
        }
        if (!mixed.isEmpty()) {
            throw new IllegalArgumentException("--kubernetes cannot be combined with " + String.join(", ", mixed)
                    + ": the cluster gives the configuration");
        }
        String node = nodeName != null ? nodeName : defaultNodeName();
        Optional<ApiServer.Options> apiOptions = apiOptions();
        java.time.Instant started = java.time.Instant.now();
        ApiClient client = kubernetesClient();
        String source = "kubernetes " + client.getBasePath();
        Optional<KernelInstaller> kernel = startKernel();
        KubernetesMode mode = kubernetesMode(node, namespace, kernel, java.util.function.UnaryOperator.identity());
        NodeStatusWriter statusWriter = new NodeStatusWriter(client, node, Duration.ofSeconds(statusMinInterval));
        ScheduledExecutorService statusTimer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("flatnet-status").daemon().factory());
        ClusterWatcher watcher = new ClusterWatcher(client, WatchOptions.DEFAULTS.withNamespace(namespace)
                .withResyncPeriod(Duration.ofSeconds(resyncSeconds)), mode);
        Stopper stopper = new Stopper(mode::speaker, kernel, () -> {
            watcher.close();
            statusTimer.shutdownNow();
            statusWriter.close();
        });
        RunningAgent agent = RunningAgent.of(mode, node, source, started, stopper::stop, kernel);
        statusTimer.scheduleWithFixedDelay(() -> {
            if (mode.ready()) {
                statusWriter.offer(mode.status(agent.kernel().map(k -> (long) k.installed()).orElse(0L)));
            }
        }, 2, 2, TimeUnit.SECONDS);
        watcher.start();
        log.info("flatnet watching the cluster as node {} (secrets in namespace {}); the speaker starts once every"
                + " informer has synced", node, namespace);
        return runUntilStopped(stopper, agent, apiOptions);
    }

    /** The API client: watches are long requests that the API server ends, so no read timeout. */
    private ApiClient kubernetesClient() throws java.io.IOException {
        if (kubeconfig == null) {
            return ClientBuilder.standard().setReadTimeout(Duration.ZERO).build();
        }
        try (var reader = java.nio.file.Files.newBufferedReader(kubeconfig)) {
            return ClientBuilder.kubeconfig(io.kubernetes.client.util.KubeConfig.loadKubeConfig(reader))
                    .setReadTimeout(Duration.ZERO).build();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("--kubeconfig " + kubeconfig + ": no such file", e);
        }
    }

    /**
     * The reconciler's side of the Kubernetes mode: the speaker starts (attached to the kernel
     * installer, restarting gracefully when routes were adopted) with the first good snapshot,
     * and each applied view reaches the installer first.
     *
     * @param adjust changes the speaker's settings before it starts (tests: no listener)
     */
    static KubernetesMode kubernetesMode(String node, String namespace, Optional<KernelInstaller> kernel,
            java.util.function.UnaryOperator<SpeakerConfig> adjust) {
        return new KubernetesMode(node, namespace, config -> startSpeaker(adjust.apply(config), kernel), view -> {
            LogLevels.apply(view);
            toKernel(kernel, view);
        });
    }

    /**
     * The kernel's blackholes first (traffic attracted by an advertisement finds them), then
     * advertisements, so that new sessions open with the full set.
     */
    private static void apply(BgpSpeaker speaker, Optional<KernelInstaller> kernel, NodeView view) {
        toKernel(kernel, view);
        speaker.setAdvertisements(view.advertisementSet());
        speaker.setPeers(view.peerConfigs());
    }

    /** The view's blackholes and excluded ranges, and its peers (for graceful restart), to the installer. */
    private static void toKernel(Optional<KernelInstaller> kernel, NodeView view) {
        kernel.ifPresent(k -> {
            k.setLocalRanges(LocalRanges.of(view));
            k.setPeers(view.peerConfigs());
        });
    }

    private static String defaultNodeName() {
        String env = System.getenv("NODENAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--node-name is needed: $NODENAME is unset and the host name is unknown");
        }
    }

    /**
     * Runs until SIGTERM/SIGINT or a decommission over the API, then stops once: the API, the
     * reloader, the sessions (gracefully unless {@code --decommission-on-exit}) and the threads.
     */
    private int runUntilStopped(Stopper stopper, RunningAgent agent, Optional<ApiServer.Options> apiOptions)
            throws InterruptedException {
        if (apiOptions.isPresent()) {
            try {
                stopper.api = ApiServer.start(agent, agent, apiOptions.get());
            } catch (IllegalStateException e) {
                stopper.stop();
                throw new IllegalArgumentException(e.getMessage() + " (see --api-socket, --metrics-listen, --api-listen,"
                        + " --no-api)", e);
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stopper::stop, "flatnet-shutdown"));
        if (statusInterval > 0) {
            StatusPrinter.every(Duration.ofSeconds(statusInterval), agent::peers);
        }
        stopper.stopped.await();
        return 0;
    }

    /** The stop sequence, run once, from the shutdown hook or after an API decommission. */
    private final class Stopper {
        final java.util.function.Supplier<Optional<BgpSpeaker>> speaker;
        final Optional<KernelInstaller> kernel;
        final Runnable beforeStop;
        final CountDownLatch stopped = new CountDownLatch(1);
        private final AtomicBoolean stopping = new AtomicBoolean();
        volatile ApiServer api;

        Stopper(BgpSpeaker speaker, Optional<KernelInstaller> kernel, Runnable beforeStop) {
            this(() -> Optional.of(speaker), kernel, beforeStop);
        }

        /** @param speaker the speaker, absent until it started (the Kubernetes mode starts it after the first sync) */
        Stopper(java.util.function.Supplier<Optional<BgpSpeaker>> speaker, Optional<KernelInstaller> kernel,
                Runnable beforeStop) {
            this.speaker = speaker;
            this.kernel = kernel;
            this.beforeStop = beforeStop;
        }

        void stop() {
            if (stopping.compareAndSet(false, true)) {
                try {
                    if (api != null) {
                        api.close();
                    }
                    beforeStop.run();
                    Optional<BgpSpeaker> speaker = this.speaker.get();
                    if (decommission) {
                        speaker.ifPresent(s -> s.shutdown(false, "flatnet agent stopping"));
                        // After the withdrawals: the node leaves the network, so its routes go too.
                        kernel.ifPresent(KernelInstaller::decommission);
                    } else {
                        // The installer stops before the sessions end, so their end removes nothing
                        // from the kernel: the node keeps forwarding while the agent is away.
                        kernel.ifPresent(KernelInstaller::close);
                        // Graceful by default: peers with graceful restart keep our routes while we are away.
                        speaker.ifPresent(s -> s.shutdown(true, "flatnet agent stopping"));
                    }
                    kernel.ifPresent(KernelInstaller::close);
                    speaker.ifPresent(BgpSpeaker::close);
                } finally {
                    stopped.countDown();
                }
            }
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Opens the kernel's routing table and adopts the routes of our protocol already in it (never
     * removing any); empty with {@code --no-kernel}.
     */
    Optional<KernelInstaller> startKernel() {
        if (noKernel) {
            return Optional.empty();
        }
        KernelOptions options = kernelOptions();
        try {
            return Optional.of(KernelInstaller.start(options, NetlinkRouteTable::open));
        } catch (KernelException e) {
            throw new IllegalArgumentException("cannot program the kernel's routes: " + e.getMessage()
                    + " (run as root or with CAP_NET_ADMIN, or give --no-kernel)", e);
        }
    }

    KernelOptions kernelOptions() {
        if (kernelTable < 1 || kernelTable > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("--kernel-table " + kernelTable + ": a table id 1..4294967295 (main is 254)");
        }
        if (kernelMetric < 0 || kernelMetric > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("--kernel-metric " + kernelMetric + ": 0..4294967295");
        }
        if (kernelRestartTime < 0) {
            throw new IllegalArgumentException("--kernel-restart-time " + kernelRestartTime + ": seconds, 0 or more");
        }
        return KernelOptions.DEFAULT.withTable((int) kernelTable).withProtocol(kernelProtocol)
                .withMetric((int) kernelMetric).withRestartTime(Duration.ofSeconds(kernelRestartTime));
    }

    /**
     * Starts the speaker, restarting gracefully (RFC 4724 §4.1: R and F bits, selection deferral)
     * when routes of ours were adopted from before a restart, and attaches the installer to it
     * before any peer or advertisement is set.
     */
    private static BgpSpeaker startSpeaker(SpeakerConfig config, Optional<KernelInstaller> kernel) {
        SpeakerConfig c = kernel.filter(KernelInstaller::restarting)
                .map(k -> config.withRestarting(true, k.options().restartTime())).orElse(config);
        BgpSpeaker speaker;
        try {
            speaker = BgpSpeaker.start(c);
        } catch (RuntimeException e) {
            kernel.ifPresent(KernelInstaller::close);
            throw e;
        }
        kernel.ifPresent(k -> k.attach(speaker));
        return speaker;
    }

    /** The API's addresses from the options; empty with {@code --no-api}. */
    Optional<ApiServer.Options> apiOptions() {
        var parsed = spec.commandLine().getParseResult();
        if (noApi) {
            for (String o : List.of("--api-socket", "--api-listen", "--metrics-listen")) {
                if (parsed.hasMatchedOption(o)) {
                    throw new IllegalArgumentException("--no-api and " + o + " contradict each other");
                }
            }
            return Optional.empty();
        }
        if (noApiSocket && parsed.hasMatchedOption("--api-socket")) {
            throw new IllegalArgumentException("--no-api-socket and --api-socket contradict each other");
        }
        if (apiListen != null && parsed.hasMatchedOption("--metrics-listen")) {
            throw new IllegalArgumentException("--api-listen serves /metrics and health too; give it or"
                    + " --metrics-listen, not both");
        }
        if (readyGrace < 0) {
            throw new IllegalArgumentException("--ready-grace " + readyGrace + ": seconds, 0 or more");
        }
        InetSocketAddress tcp = apiListen != null ? hostPort(apiListen, "--api-listen")
                : hostPort(metricsListen, "--metrics-listen");
        return Optional.of(new ApiServer.Options(Optional.of(tcp), noApiSocket ? Optional.empty()
                : Optional.of(apiSocket), Duration.ofSeconds(readyGrace), apiListen != null,
                Optional.ofNullable(apiSocketGroup)));
    }

    /** {@code flatnet --version}: the version Maven built. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"flatnet " + io.flatnet.agent.api.BuildInfo.version()};
        }
    }

    /** {@code 127.0.0.1:9179}, {@code [::1]:9179}: a literal address (never a name to resolve) and a port. */
    static InetSocketAddress hostPort(String text, String option) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(option + " " + text + ": expected ADDRESS:PORT, e.g. 127.0.0.1:9179");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException(option + " " + text + ": put an IPv6 address in brackets, e.g. [::1]:9179");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + " " + text + ": the port must be a number 0..65535");
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(IpAddress.parse(host).toBytes()), port);
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            throw new IllegalArgumentException(option + " " + text + ": '" + host + "' is not an IP address");
        }
    }

    private SpeakerConfig speakerConfig() {
        SpeakerConfig config;
        try {
            config = SpeakerConfig.of(Asn.parse(asn), RouterId.parse(routerId));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--asn/--router-id: " + e.getMessage(), e);
        }
        if (noListen) {
            config = config.withoutListener();
        } else {
            List<IpAddress> addresses = new ArrayList<>();
            for (String a : listen) {
                try {
                    addresses.add(IpAddress.parse(a));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--listen " + a + ": " + e.getMessage(), e);
                }
            }
            config = config.withListen(addresses, port);
        }
        try {
            return config.withHoldTime(Duration.ofSeconds(holdTime));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--hold-time " + holdTime + ": " + e.getMessage(), e);
        }
    }
}
