package io.flatnet.agent.training;

import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.BgpFilter;
import io.flatnet.bgp.policy.FilterRule;
import io.flatnet.bgp.policy.NextHopMode;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.SpeakerConfig;
import io.flatnet.reflector.RouteReflector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The training run: a speaker under training on 127.0.0.1 and its peers in the same JVM, each on
 * its own loopback address (Linux answers for all of 127.0.0.0/8, so no root and no namespace).
 *
 * <ol>
 *   <li><b>Reflection</b>: the speaker is an RFC 4456 reflector for {@code clients} iBGP clients,
 *       each originating {@value #BLOCKS_PER_CLIENT} blocks; every client learns every other
 *       client's blocks, then all withdraw theirs.</li>
 *   <li><b>Relay</b>: an eBGP feeder announces {@code prefixes} routes, the speaker passes them to
 *       an eBGP monitor with itself as next hop, then the feeder withdraws them all.</li>
 * </ol>
 * Each phase waits until it has converged, and the run fails loudly when one of its waits runs
 * out of patience (two minutes each from {@link #main}): a cache trained on a run that went
 * wrong would hold the classes of what went wrong, so the launchers keep none from a failed run.
 * The run covers the session, wire, RIB, policy, reflector and outbound code; what only the
 * agent's other parts load (Kubernetes, netlink, the API) is loaded at run time as before.
 *
 * <p>The peers share the JVM with the speaker under training on purpose. The cache also holds
 * the run's method profiles, and the JVM compiles early what they say was hot; with the peers in
 * a second JVM (measured, then reverted) the profile was the trainee's alone, and a 200-client
 * reflector burst converged no sooner while the JVM spent more CPU compiling early.
 */
public final class AotTrainingRun {
    /** Blocks each reflector client originates, as a node with a few pod CIDR blocks. */
    static final int BLOCKS_PER_CLIENT = 4;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private static final Asn CLUSTER_AS = Asn.of(64512);
    private static final Asn FEEDER_AS = Asn.of(64601);
    private static final Asn MONITOR_AS = Asn.of(64602);
    private static final RouterId TRAINEE_ID = RouterId.parse("100.64.0.1");
    private static final IpAddress TRAINEE = IpAddress.parse("127.0.0.1");
    private static final IpAddress FEEDER = IpAddress.parse("127.0.2.1");
    private static final IpAddress MONITOR = IpAddress.parse("127.0.2.2");
    /** 100.64.0.0: the relayed /30s run from here, below the clients' blocks in 100.127.0.0/16. */
    private static final int FIRST_RELAYED = 0x64400000;
    private static final int MAX_RELAYED = 1_000_000;
    private static final ConnectRetryBackoff QUICK_RETRY =
            new ConnectRetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    private final int clients;
    private final int prefixes;
    private final Duration patience;

    /** How long each phase took. */
    public record Result(Duration reflection, Duration relay) {
    }

    /**
     * @param clients  reflector clients, 1 to 250 (each takes an address 127.0.1.x)
     * @param prefixes routes the feeder relays, 1 to {@value #MAX_RELAYED} (each a /30 from 100.64.0.0)
     * @param patience how long each wait for convergence may take before the run fails
     */
    public AotTrainingRun(int clients, int prefixes, Duration patience) {
        if (clients < 1 || clients > 250) {
            throw new IllegalArgumentException("clients must be 1 to 250, not " + clients);
        }
        if (prefixes < 1 || prefixes > MAX_RELAYED) {
            throw new IllegalArgumentException("prefixes must be 1 to " + MAX_RELAYED + ", not " + prefixes);
        }
        if (patience.isNegative()) {
            throw new IllegalArgumentException("patience must not be negative, not " + patience);
        }
        this.clients = clients;
        this.prefixes = prefixes;
        this.patience = patience;
    }

    /**
     * {@code AotTrainingRun [CLIENTS [ROUTES]]}; by default a reflector for 200 clients, a
     * mid-sized cluster's, and a relay of 50,000 routes. Exits 0 after a run that converged, 64 on
     * bad arguments, 1 on a run that did not; the launchers keep the cache only after a 0.
     */
    public static void main(String[] args) {
        int status;
        try {
            status = train(args);
        } catch (Throwable e) {
            System.err.println("flatnet AOT training failed: " + e);
            e.printStackTrace();
            status = 1;
        }
        // The JVM writes the cache as it exits; exit here so that no thread a failed run left
        // behind can keep it from exiting (the launchers drop the cache unless the status is 0).
        System.exit(status);
    }

    private static int train(String[] args) {
        AotTrainingRun run;
        try {
            if (args.length > 2) {
                throw new IllegalArgumentException("at most two arguments");
            }
            int clients = args.length > 0 ? Integer.parseInt(args[0]) : 200;
            int prefixes = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
            run = new AotTrainingRun(clients, prefixes, PATIENCE);
        } catch (IllegalArgumentException e) { // NumberFormatException included
            System.err.println("usage: flatnet train-aot [CLIENTS [ROUTES]]: CLIENTS 1 to 250 (default 200), ROUTES 1 to "
                    + MAX_RELAYED + " (default 50000): " + e.getMessage());
            return 64;
        }
        Result result = run.run();
        System.out.printf("flatnet AOT training: reflected %d clients' blocks in %.1f s, relayed %d routes in %.1f s%n",
                run.clients, result.reflection().toMillis() / 1e3, run.prefixes, result.relay().toMillis() / 1e3);
        return 0;
    }

    /**
     * Both phases against one speaker under training; returns once every speaker of the run is
     * closed again, whether or not it converged.
     *
     * @throws IllegalStateException if a wait of either phase ran out of patience
     */
    public Result run() {
        BgpSpeaker trainee = BgpSpeaker.start(SpeakerConfig.of(CLUSTER_AS, TRAINEE_ID)
                .withListen(List.of(TRAINEE), 0)
                .withRules(new RouteReflector(TRAINEE_ID)));
        try {
            trainee.setPeers(traineePeers());
            Duration reflection = reflect(trainee);
            return new Result(reflection, relay(trainee));
        } finally {
            trainee.close();
        }
    }

    private Set<PeerConfig> traineePeers() {
        Set<PeerConfig> peers = new LinkedHashSet<>();
        for (int i = 1; i <= clients; i++) {
            peers.add(PeerConfig.builder(clientAddress(i), CLUSTER_AS).passive(true)
                    .families(Set.of(AddressFamily.IPV4_UNICAST)).policy(PeerPolicy.defaults())
                    .nextHop(NextHopMode.KEEP).reflectorClient(true).build());
        }
        peers.add(relayPeer(FEEDER, FEEDER_AS));
        peers.add(relayPeer(MONITOR, MONITOR_AS));
        return peers;
    }

    /** An eBGP peer of the relay: everything learned goes out to it (Calico's defaults would not). */
    private static PeerConfig relayPeer(IpAddress address, Asn as) {
        PeerPolicy exportLearned = PeerPolicy.of(BgpFilter.named("training-export-all").exportV4(FilterRule.accept()));
        return PeerConfig.builder(address, as).passive(true).families(Set.of(AddressFamily.IPV4_UNICAST))
                .policy(exportLearned).nextHop(NextHopMode.SELF).build();
    }

    /** The reflection phase; returns the time from the first client's start to the last withdrawal. */
    private Duration reflect(BgpSpeaker trainee) {
        List<BgpSpeaker> members = new ArrayList<>();
        try {
            long start = System.nanoTime();
            for (int i = 1; i <= clients; i++) {
                BgpSpeaker c = BgpSpeaker.start(SpeakerConfig.of(CLUSTER_AS, RouterId.parse("100.64.1." + i))
                        .withoutListener().withIoThreads(1));
                members.add(c);
                c.setAdvertisements(clientBlocks(i));
                c.setPeers(Set.of(peerOfTrainee(trainee, clientAddress(i))));
            }
            int others = (clients - 1) * BLOCKS_PER_CLIENT;
            await("every client to learn the other clients' " + others + " blocks",
                    () -> members.stream().allMatch(c -> accepted(c) == others));
            members.forEach(c -> c.setAdvertisements(Set.of()));
            await("every client to lose them again", () -> members.stream().allMatch(c -> accepted(c) == 0));
            return Duration.ofNanos(System.nanoTime() - start);
        } finally {
            closeAll(members);
        }
    }

    /** The relay phase; returns the time from the monitor's start to the last withdrawal. */
    private Duration relay(BgpSpeaker trainee) {
        List<BgpSpeaker> started = new ArrayList<>();
        try {
            long start = System.nanoTime();
            BgpSpeaker monitor = BgpSpeaker.start(SpeakerConfig.of(MONITOR_AS, RouterId.parse("100.64.2.2"))
                    .withoutListener().withIoThreads(1));
            started.add(monitor);
            monitor.setPeers(Set.of(peerOfTrainee(trainee, MONITOR)));
            await("the monitor's session", () -> established(monitor));
            BgpSpeaker feeder = BgpSpeaker.start(SpeakerConfig.of(FEEDER_AS, RouterId.parse("100.64.2.1"))
                    .withoutListener().withIoThreads(1));
            started.add(feeder);
            feeder.setAdvertisements(relayedRoutes());
            feeder.setPeers(Set.of(peerOfTrainee(trainee, FEEDER)));
            await("the monitor to learn the feeder's " + prefixes + " routes", () -> accepted(monitor) == prefixes);
            feeder.setAdvertisements(Set.of());
            await("the monitor to lose them again", () -> accepted(monitor) == 0);
            return Duration.ofNanos(System.nanoTime() - start);
        } finally {
            closeAll(started);
        }
    }

    /** The speaker under training as a peer of one of the run's own speakers, which connects from {@code source}. */
    private static PeerConfig peerOfTrainee(BgpSpeaker trainee, IpAddress source) {
        return PeerConfig.builder(TRAINEE, CLUSTER_AS).port(trainee.port()).sourceAddress(source)
                .families(Set.of(AddressFamily.IPV4_UNICAST)).backoff(QUICK_RETRY).policy(PeerPolicy.defaults())
                .build();
    }

    private static IpAddress clientAddress(int i) {
        return IpAddress.parse("127.0.1." + i);
    }

    /** Client i's blocks: 100.127.i.0/26, .64/26, ... ({@value #BLOCKS_PER_CLIENT} of them). */
    private static Set<Advertisement> clientBlocks(int i) {
        Set<Advertisement> blocks = new HashSet<>();
        for (int b = 0; b < BLOCKS_PER_CLIENT; b++) {
            blocks.add(Advertisement.of("100.127." + i + "." + (b * 64) + "/26"));
        }
        return blocks;
    }

    /** The feeder's routes: consecutive /30s from 100.64.0.0, as a table of small prefixes. */
    private Set<Advertisement> relayedRoutes() {
        Set<Advertisement> routes = new HashSet<>(prefixes * 2);
        for (int n = 0; n < prefixes; n++) {
            routes.add(Advertisement.of(IpPrefix.v4(FIRST_RELAYED + (n << 2), 30)));
        }
        return routes;
    }

    private static long accepted(BgpSpeaker speaker) {
        return speaker.peers().stream().mapToLong(PeerStatus::prefixesAccepted).sum();
    }

    private static boolean established(BgpSpeaker speaker) {
        return speaker.peers().stream().allMatch(p -> p.state() == SessionState.ESTABLISHED);
    }

    private static void closeAll(List<BgpSpeaker> speakers) {
        // Each close waits out the speaker's quiet period; in parallel, or many take seconds each.
        try (ExecutorService closer = Executors.newVirtualThreadPerTaskExecutor()) {
            speakers.forEach(s -> closer.submit(s::close));
        }
    }

    private void await(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("AOT training run: timed out after " + patience.toSeconds()
                        + " s waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("AOT training run: interrupted waiting for " + what, e);
            }
        }
    }
}
