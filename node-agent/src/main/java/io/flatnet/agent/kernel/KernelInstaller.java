package io.flatnet.agent.kernel;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.rib.BestPathChange;
import io.flatnet.bgp.rib.BestPathResult;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.PeerStateChange;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.SpeakerListener;
import io.flatnet.kernel.KernelException;
import io.flatnet.kernel.KernelRoute;
import io.flatnet.kernel.KernelRouteTable;
import io.flatnet.kernel.Prefix;
import io.flatnet.kernel.RouteChange;
import io.flatnet.kernel.RouteEvent;
import io.flatnet.kernel.RouteSyncer;
import io.flatnet.kernel.SyncReport;
import io.flatnet.kernel.netlink.NetlinkRouteTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the kernel's routes of our protocol equal to the Loc-RIB's learned best paths (with their
 * ECMP sets) plus the node's blackhole routes. Best-path changes arrive on the RIB thread and are
 * only queued there; one thread of the installer's own coalesces them (for {@link
 * KernelOptions#flushDelay()}, or until {@link KernelOptions#batchSize()} are waiting) and hands
 * each batch to {@link RouteSyncer#apply}. Everything else (the syncer, the netlink socket and its
 * monitor's events, restart bookkeeping) also lives on that thread.
 *
 * <p>Restart: {@link #start} adopts our routes already in the kernel; when it adopted any, the
 * speaker should start as a restarting speaker ({@link #restarting()}), and the adopted routes
 * still stale are swept once every awaited peer (those configured with graceful restart, or every
 * peer when none is) is Established and has sent End-of-RIB for each of its families, or when
 * {@link KernelOptions#restartTime()} runs out, counted from {@link #attach}. With listen ranges
 * (dynamic neighbours), having no configured peer to await is not the end: the restart waits
 * until some dynamic peer has come up and sent its End-of-RIB, and every dynamic peer up then
 * has too, or for the timer; the peers that held our routes are likely among them. {@link #close()}
 * leaves the routes in place;
 * {@link #decommission()} removes them.
 */
public final class KernelInstaller implements SpeakerListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KernelInstaller.class);
    /** The most changes handed to the syncer in one call; more are applied in further calls. */
    private static final int MAX_APPLY = 65536;
    private static final long CALL_TIMEOUT_SECONDS = 60;

    /** Opens the kernel table; called on the installer's thread (so it may enter a namespace first). */
    @FunctionalInterface
    public interface TableOpener {
        KernelRouteTable open();
    }

    /** What the installer needs to know of the sessions to decide when graceful restart is over. */
    public interface Sessions {
        /** The families negotiated with {@code peer} when its session is Established; empty otherwise. */
        Optional<Set<AddressFamily>> establishedFamilies(IpAddress peer);

        /**
         * Runs {@code task} after the work the RIB has queued so far, so that the routes a peer
         * sent before its End-of-RIB have reached the installer's queue first.
         */
        default void afterQueuedRibWork(Runnable task) {
            task.run();
        }
    }

    /** One excluded route, for the API. */
    public record Excluded(String prefix, String reason) {}

    /**
     * The installer's state, as the API shows it.
     *
     * @param installed routes of ours the kernel holds (learned and blackholes, stale included)
     * @param stale     adopted at start and neither desired nor swept yet
     * @param restart   the graceful-restart phase, in words
     * @param excluded  learned routes kept out of the kernel, with the reason, sorted by prefix
     */
    public record Snapshot(int table, int protocol, int installed, int blackholes, int stale, int adopted,
            String restart, long added, long replaced, long deleted, long failures, List<Excluded> excluded) {
        public Snapshot {
            excluded = List.copyOf(excluded);
        }
    }

    private final KernelOptions options;
    private final ScheduledExecutorService thread;
    private final RouteMapper mapper;
    private final ConcurrentLinkedQueue<BestPathChange> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean listening = true;
    private final AtomicLong added = new AtomicLong();
    private final AtomicLong replaced = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    // --- owned by the installer's thread ---
    private KernelRouteTable table;
    private RouteSyncer syncer;
    private AutoCloseable monitor;
    private LocalRanges ranges = LocalRanges.NONE;
    private Set<IpPrefix> blackholes = Set.of();
    /** The latest result of every prefix whose best path is learned, installed or excluded. */
    private final Map<IpPrefix, BestPathResult> learned = new HashMap<>();
    /** Learned routes kept out by the mapping (own blocks, service ranges, unusable next hops). */
    private final Map<IpPrefix, String> excluded = new HashMap<>();
    private Sessions sessions;
    private Set<IpAddress> awaited;
    /** Listen ranges are set: dynamic peers that come up are awaited too (see the class comment). */
    private boolean dynamicNeighbours;
    private Set<IpAddress> configured = Set.of();
    /** Dynamic peers Established now, and whether one of them has completed its End-of-RIB. */
    private final Set<IpAddress> dynamicUp = new HashSet<>();
    private boolean dynamicPeerDone;
    private final Map<IpAddress, Set<AddressFamily>> endOfRib = new HashMap<>();
    private int adopted;
    private boolean restartPending;
    private String restartState = "no routes adopted at start: nothing to sweep";
    private ScheduledFuture<?> restartTimer;
    private ScheduledFuture<?> resyncTimer;
    private boolean decommissioned;

    private KernelInstaller(KernelOptions options) {
        this.options = options;
        this.mapper = new RouteMapper(options);
        this.thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("flatnet-kernel").daemon().factory());
    }

    /**
     * Opens the table on the installer's thread, adopts our routes already in it (never removing
     * any) and, for a netlink table, subscribes to route changes so that ours changed by hand are
     * put back. Blocks until done.
     *
     * @throws KernelException when the table cannot be opened or read
     */
    public static KernelInstaller start(KernelOptions options, TableOpener opener) {
        KernelInstaller k = new KernelInstaller(options);
        try {
            k.call(() -> {
                k.open(opener);
                return null;
            });
        } catch (RuntimeException e) {
            k.thread.shutdownNow();
            throw e;
        }
        return k;
    }

    private void open(TableOpener opener) {
        table = opener.open();
        syncer = new RouteSyncer(table, options.table(), options.protocol());
        syncer.start();
        adopted = syncer.stale().size();
        if (adopted > 0) {
            restartPending = true;
            String limit = text(options.restartTime());
            restartState = "adopted " + adopted + " route(s) at start; they stay until End-of-RIB from the peers or "
                    + limit + " after the speaker starts";
            log.info("kernel: adopted {} route(s) of protocol {} from before the restart; sweeping what is still stale"
                    + " after End-of-RIB from the peers, or {} after the speaker starts at the latest", adopted,
                    options.protocol(), limit);
        }
        if (table instanceof NetlinkRouteTable netlink) {
            monitor = netlink.openMonitor(this::onKernelEvent);
        }
    }

    /** Routes of ours were found at start: the speaker should restart gracefully (RFC 4724 §4.1). */
    public boolean restarting() {
        return adopted > 0;
    }

    public int adopted() {
        return adopted;
    }

    public KernelOptions options() {
        return options;
    }

    /** Listens to {@code speaker}'s best paths, sessions and End-of-RIB. Before any peer or advertisement is set. */
    public void attach(BgpSpeaker speaker) {
        attach(new Sessions() {
            @Override
            public Optional<Set<AddressFamily>> establishedFamilies(IpAddress peer) {
                return speaker.peerStatus(peer).filter(p -> p.state() == SessionState.ESTABLISHED)
                        .flatMap(PeerStatus::negotiated).map(n -> n.context().families());
            }

            @Override
            public void afterQueuedRibWork(Runnable task) {
                speaker.rib().execute(task);
            }
        });
        speaker.addListener(this);
    }

    /** The sessions view alone, for tests that feed best-path changes themselves. */
    public void attach(Sessions view) {
        execute(() -> {
            sessions = view;
            if (restartPending && restartTimer == null) {
                // Counted from here, not from open: in the Kubernetes mode the speaker starts only
                // once the informers synced, and an unreachable API server must not cost the routes.
                String limit = text(options.restartTime());
                restartTimer = thread.schedule(guarded(() -> sweep("the restart time of " + limit + " ran out")),
                        options.restartTime().toMillis(), TimeUnit.MILLISECONDS);
            }
            checkRestart();
        });
    }

    /** The node's own blocks and service ranges changed (start, configuration reload). */
    public void setLocalRanges(LocalRanges next) {
        execute(() -> {
            drainNow();
            ranges = next;
            blackholes = Set.copyOf(next.blackholes());
            List<KernelRoute> desired = new ArrayList<>(learned.size() + next.blackholes().size());
            next.blackholes().forEach(b -> desired.add(mapper.blackhole(b)));
            excluded.clear();
            for (Map.Entry<IpPrefix, BestPathResult> e : learned.entrySet()) {
                switch (mapper.map(e.getKey(), e.getValue(), next)) {
                    case RouteMapper.Mapping.Install(KernelRoute r) -> desired.add(r);
                    case RouteMapper.Mapping.Exclude(String reason) -> excluded.put(e.getKey(), reason);
                    case RouteMapper.Mapping.None() -> { }
                }
            }
            count(syncer.setDesired(desired));
        });
    }

    /**
     * The configured peers: those with graceful restart are the ones whose End-of-RIB ends the
     * restart; when none has it, every peer is awaited.
     */
    public void setPeers(Set<PeerConfig> peers) {
        setPeers(peers, false);
    }

    /**
     * As {@link #setPeers(Set)}; {@code dynamicNeighbours} says listen ranges are set, so that
     * dynamic peers are awaited as they come up and no configured peer does not end the restart.
     */
    public void setPeers(Set<PeerConfig> peers, boolean dynamicNeighbours) {
        Set<IpAddress> addresses = peers.stream().map(PeerConfig::address).collect(Collectors.toUnmodifiableSet());
        Set<IpAddress> graceful = peers.stream().filter(p -> p.gracefulRestartTime().isPresent())
                .map(PeerConfig::address).collect(Collectors.toSet());
        Set<IpAddress> next = graceful.isEmpty()
                ? peers.stream().map(PeerConfig::address).collect(Collectors.toSet()) : graceful;
        execute(() -> {
            awaited = next;
            configured = addresses;
            this.dynamicNeighbours = dynamicNeighbours;
            dynamicUp.removeAll(addresses);
            checkRestart();
        });
    }

    // --- SpeakerListener: called on the RIB thread and the event loops; only hand over ---

    @Override
    public void bestPathChanged(BestPathChange change) {
        if (!listening) {
            return;
        }
        queue.add(change);
        if (queued.incrementAndGet() % options.batchSize() == 0) {
            execute(this::drain);
        } else if (drainScheduled.compareAndSet(false, true)) {
            schedule(this::drain, options.flushDelay().toNanos());
        }
    }

    @Override
    public void endOfRib(IpAddress peer, AddressFamily family) {
        if (!listening) {
            return;
        }
        Sessions s = sessions;
        Runnable record = () -> execute(() -> {
            endOfRib.computeIfAbsent(peer, p -> new HashSet<>()).add(family);
            checkRestart();
        });
        if (s == null) {
            record.run();
        } else {
            s.afterQueuedRibWork(record);
        }
    }

    @Override
    public void stateChanged(PeerStateChange change) {
        if (!listening) {
            return;
        }
        if (change.from() == SessionState.ESTABLISHED && change.to() != SessionState.ESTABLISHED) {
            execute(() -> {
                endOfRib.remove(change.peer());
                dynamicUp.remove(change.peer());
            });
        } else if (change.to() == SessionState.ESTABLISHED) {
            execute(() -> {
                if (!configured.contains(change.peer())) {
                    dynamicUp.add(change.peer());
                }
            });
        }
    }

    /** A route monitor's event; the syncer puts back routes of ours changed or deleted by hand. */
    public void onKernelEvent(RouteEvent event) {
        execute(() -> {
            if (!decommissioned) {
                syncer.onKernelEvent(event);
            }
        });
    }

    // --- queries and control from other threads ---

    /** Waits until every best-path change queued so far is applied. */
    public void flush() {
        call(() -> {
            drainNow();
            return null;
        });
    }

    public CompletableFuture<Snapshot> snapshot() {
        CompletableFuture<Snapshot> f = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    f.complete(snapshotNow());
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new IllegalStateException("the kernel installer is stopped"));
        }
        return f;
    }

    /** Where each of {@code prefixes} stands in the kernel, read on the installer's thread. */
    public CompletableFuture<Map<IpPrefix, PrefixStatus>> status(java.util.Collection<IpPrefix> prefixes) {
        List<IpPrefix> asked = List.copyOf(prefixes);
        CompletableFuture<Map<IpPrefix, PrefixStatus>> f = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    Map<IpPrefix, PrefixStatus> out = new HashMap<>(asked.size() * 2);
                    asked.forEach(p -> out.put(p, statusNow(p)));
                    f.complete(out);
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new IllegalStateException("the kernel installer is stopped"));
        }
        return f;
    }

    /**
     * Removes every route of ours from the kernel, for good: called once the sessions have ended
     * with a decommission. Stops listening first, so nothing is installed again.
     */
    public SyncReport decommission() {
        listening = false;
        if (thread.isShutdown()) {
            log.error("kernel: decommission after the installer was closed: routes of protocol {} are left in table {}",
                    options.protocol(), Integer.toUnsignedString(options.table()));
            return SyncReport.empty();
        }
        return call(() -> {
            queue.clear();
            decommissioned = true;
            cancelTimers();
            SyncReport r;
            try {
                r = syncer.cleanup();
            } catch (KernelException e) {
                log.error("kernel: removing our routes failed: {}; routes of protocol {} may be left in table {}",
                        e.getMessage(), options.protocol(), Integer.toUnsignedString(options.table()));
                return SyncReport.empty();
            }
            count(r);
            excluded.clear();
            learned.clear();
            restartPending = false;
            restartState = "decommissioned: routes removed";
            log.info("kernel: decommissioned: removed {} route(s) of protocol {}", r.deleted(), options.protocol());
            return r;
        });
    }

    /**
     * Stops installing and closes the socket; the routes stay in the kernel, so the node keeps
     * forwarding while the agent is away (DESIGN §8). Call it before the speaker's sessions end,
     * or their withdrawals would reach the kernel.
     */
    @Override
    public void close() {
        listening = false;
        if (thread.isShutdown()) {
            return;
        }
        try {
            call(() -> {
                queue.clear();
                cancelTimers();
                if (monitor != null) {
                    monitor.close();
                }
                table.close();
                return null;
            });
        } finally {
            thread.shutdownNow();
        }
    }

    // --- on the installer's thread ---

    private void drain() {
        drainScheduled.set(false);
        if (decommissioned) {
            return;
        }
        List<RouteChange> changes = new ArrayList<>();
        int n = 0;
        BestPathChange c;
        while (n < MAX_APPLY && (c = queue.poll()) != null) {
            n++;
            toChanges(c, changes);
        }
        queued.addAndGet(-n);
        if (!changes.isEmpty()) {
            try {
                count(syncer.apply(changes));
            } catch (KernelException e) {
                log.warn("kernel: applying {} route change(s) failed: {}; resynchronising in 1 s", changes.size(),
                        e.getMessage());
                scheduleResync();
            }
        }
        if (!queue.isEmpty()) {
            execute(this::drain);
        }
    }

    private void drainNow() {
        while (!queue.isEmpty() && !decommissioned) {
            drain();
        }
    }

    private void toChanges(BestPathChange c, List<RouteChange> out) {
        IpPrefix prefix = c.prefix();
        RouteMapper.Mapping m = mapper.map(prefix, c.current(), ranges);
        switch (m) {
            case RouteMapper.Mapping.None() -> {
                learned.remove(prefix);
                excluded.remove(prefix);
                if (!blackholes.contains(prefix)) {
                    out.add(RouteChange.remove(mapper.key(prefix)));
                }
            }
            case RouteMapper.Mapping.Install(KernelRoute r) -> {
                learned.put(prefix, c.current());
                excluded.remove(prefix);
                out.add(RouteChange.put(r));
            }
            case RouteMapper.Mapping.Exclude(String reason) -> {
                learned.put(prefix, c.current());
                excluded.put(prefix, reason);
                if (!blackholes.contains(prefix)) {
                    out.add(RouteChange.remove(mapper.key(prefix)));
                }
            }
        }
    }

    private void checkRestart() {
        if (!restartPending || awaited == null || sessions == null || decommissioned) {
            return;
        }
        for (IpAddress peer : awaited) {
            if (!endOfRibComplete(peer)) {
                return;
            }
        }
        if (dynamicNeighbours) {
            for (IpAddress peer : dynamicUp) {
                if (!endOfRibComplete(peer)) {
                    return;
                }
                dynamicPeerDone = true;
            }
            if (!dynamicPeerDone) {
                return; // no dynamic peer back yet: wait for one, or for the restart time
            }
            sweep("End-of-RIB from every awaited peer (" + awaited.size() + ") and every dynamic peer up ("
                    + dynamicUp.size() + ")");
            return;
        }
        sweep(awaited.isEmpty() ? "no peers to wait for" : "End-of-RIB from every awaited peer (" + awaited.size() + ")");
    }

    private boolean endOfRibComplete(IpAddress peer) {
        Optional<Set<AddressFamily>> families = sessions.establishedFamilies(peer);
        return families.isPresent() && endOfRib.getOrDefault(peer, Set.of()).containsAll(families.get());
    }

    private void sweep(String why) {
        if (!restartPending || decommissioned) {
            return;
        }
        drainNow(); // what the peers re-sent replaces the stale routes first, without a gap
        restartPending = false;
        cancelTimers();
        SyncReport r = syncer.sweepStale();
        count(r);
        restartState = "restart over at " + Instant.now() + " (" + why + "): swept " + r.deleted() + " of the "
                + adopted + " adopted route(s)";
        log.info("kernel: restart over ({}): swept {} stale route(s) of the {} adopted", why, r.deleted(), adopted);
    }

    private Snapshot snapshotNow() {
        TreeMap<Prefix, String> all = new TreeMap<>(syncer.excluded());
        excluded.forEach((p, reason) -> all.put(RouteMapper.prefix(p), reason));
        List<Excluded> list = all.entrySet().stream()
                .map(e -> new Excluded(e.getKey().toString(), e.getValue())).toList();
        int holes = (int) syncer.installed().values().stream()
                .filter(r -> r.type() == io.flatnet.kernel.RouteType.BLACKHOLE).count();
        return new Snapshot(options.table(), options.protocol(), syncer.installed().size(), holes,
                syncer.stale().size(), adopted, restartState, added.get(), replaced.get(), deleted.get(),
                failures.get(), list);
    }

    private PrefixStatus statusNow(IpPrefix prefix) {
        String reason = excluded.get(prefix);
        if (reason != null) {
            return new PrefixStatus.Excluded(reason);
        }
        KernelRoute route = syncer.installed().get(mapper.key(prefix));
        if (route != null) {
            return route.type() == io.flatnet.kernel.RouteType.BLACKHOLE
                    ? new PrefixStatus.Blackhole()
                    : new PrefixStatus.Installed(route.nextHops().stream()
                            .map(h -> h.gateway().map(java.net.InetAddress::getHostAddress).orElse("dev " + h.ifindex()))
                            .toList());
        }
        String refused = syncer.excluded().get(RouteMapper.prefix(prefix));
        if (refused != null) {
            return new PrefixStatus.Excluded(refused);
        }
        if (learned.containsKey(prefix) || blackholes.contains(prefix)) {
            return new PrefixStatus.Pending();
        }
        return new PrefixStatus.Absent();
    }

    private void scheduleResync() {
        if (resyncTimer != null && !resyncTimer.isDone()) {
            return;
        }
        resyncTimer = thread.schedule(guarded(() -> {
            if (!decommissioned) {
                try {
                    count(syncer.resync());
                } catch (KernelException e) {
                    log.warn("kernel: resync failed: {}; trying again in 1 s", e.getMessage());
                    resyncTimer = null;
                    scheduleResync();
                }
            }
        }), 1, TimeUnit.SECONDS);
    }

    private void cancelTimers() {
        if (restartTimer != null) {
            restartTimer.cancel(false);
        }
        if (resyncTimer != null) {
            resyncTimer.cancel(false);
        }
    }

    private void count(SyncReport r) {
        added.addAndGet(r.added());
        replaced.addAndGet(r.replaced());
        deleted.addAndGet(r.deleted());
        failures.addAndGet(r.failures().size());
    }

    // --- plumbing ---

    private void execute(Runnable task) {
        try {
            thread.execute(guarded(task));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed: nothing more reaches the kernel
        }
    }

    private void schedule(Runnable task, long nanos) {
        try {
            thread.schedule(guarded(task), nanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            drainScheduled.set(false);
        }
    }

    /** "120 s", or "300 ms" for a time that is not whole seconds. */
    private static String text(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("kernel installer task failed", e);
            }
        };
    }

    private <T> T call(Callable<T> task) {
        try {
            return thread.submit(task).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the kernel installer did not answer in " + CALL_TIMEOUT_SECONDS + " s", e);
        }
    }
}
