package io.flatnet.agent.training;

import static io.flatnet.agent.training.TrainingPlan.BLOCKS_PER_CLIENT;
import static io.flatnet.agent.training.TrainingPlan.CLUSTER_AS;
import static io.flatnet.agent.training.TrainingPlan.FEEDER;
import static io.flatnet.agent.training.TrainingPlan.FEEDER_AS;
import static io.flatnet.agent.training.TrainingPlan.MONITOR;
import static io.flatnet.agent.training.TrainingPlan.MONITOR_AS;
import static io.flatnet.agent.training.TrainingPlan.TRAINEE;

import ch.qos.logback.classic.Level;
import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.SpeakerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peers of the training run, in a process of their own: {@code TrainingPeers PORT CLIENTS
 * ROUTES PATIENCE_MS}, started by {@link AotTrainingRun} against its speaker on 127.0.0.1:PORT.
 * They run in another JVM so that the training JVM holds what a production agent holds, one
 * speaker: the cache keeps the method profiles of the training, and the JVM compiles early what
 * was hot there, so the hundreds of clients decoding reflected routes must not make their side's
 * code look hot to the speaker under training.
 *
 * <p>Prints one line per phase ({@code reflection MILLIS}, {@code relay MILLIS}) and exits 0
 * once both converged; exits 1 with the reason on stderr when a wait runs out of patience.
 */
public final class TrainingPeers {
    private static final ConnectRetryBackoff QUICK_RETRY =
            new ConnectRetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    /** 100.64.0.0: the relayed /30s run from here, below the clients' blocks in 100.127.0.0/16. */
    private static final int FIRST_RELAYED = 0x64400000;

    private final int traineePort;
    private final int clients;
    private final int prefixes;
    private final Duration patience;

    private TrainingPeers(int traineePort, int clients, int prefixes, Duration patience) {
        TrainingPlan.checkSizes(clients, prefixes);
        this.traineePort = traineePort;
        this.clients = clients;
        this.prefixes = prefixes;
        this.patience = patience;
    }

    public static void main(String[] args) {
        // A line per session event of hundreds of clients is noise in the training's log.
        for (String name : List.of(Logger.ROOT_LOGGER_NAME, "io.flatnet")) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(Level.WARN);
            }
        }
        int status = 0;
        try {
            TrainingPeers peers = new TrainingPeers(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                    Integer.parseInt(args[2]), Duration.ofMillis(Long.parseLong(args[3])));
            System.out.println("reflection " + peers.reflect().toMillis());
            System.out.println("relay " + peers.relay().toMillis());
        } catch (Throwable e) {
            System.err.println("AOT training peers: " + e.getMessage());
            status = 1;
        }
        System.exit(status); // netty's threads are not daemons: do not wait for a failed run's
    }

    /** Every client learns every other client's blocks, then all withdraw theirs. */
    private Duration reflect() {
        List<BgpSpeaker> members = new ArrayList<>();
        try {
            long start = System.nanoTime();
            for (int i = 1; i <= clients; i++) {
                BgpSpeaker c = BgpSpeaker.start(SpeakerConfig.of(CLUSTER_AS, RouterId.parse("100.64.1." + i))
                        .withoutListener().withIoThreads(1));
                members.add(c);
                c.setAdvertisements(clientBlocks(i));
                c.setPeers(Set.of(trainee(TrainingPlan.clientAddress(i))));
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

    /** The feeder's routes reach the monitor through the trainee, then leave again. */
    private Duration relay() {
        List<BgpSpeaker> started = new ArrayList<>();
        try {
            long start = System.nanoTime();
            BgpSpeaker monitor = BgpSpeaker.start(SpeakerConfig.of(MONITOR_AS, RouterId.parse("100.64.2.2"))
                    .withoutListener().withIoThreads(1));
            started.add(monitor);
            monitor.setPeers(Set.of(trainee(MONITOR)));
            await("the monitor's session", () -> monitor.peers().stream()
                    .allMatch(p -> p.state() == SessionState.ESTABLISHED));
            BgpSpeaker feeder = BgpSpeaker.start(SpeakerConfig.of(FEEDER_AS, RouterId.parse("100.64.2.1"))
                    .withoutListener().withIoThreads(1));
            started.add(feeder);
            feeder.setAdvertisements(relayedRoutes());
            feeder.setPeers(Set.of(trainee(FEEDER)));
            await("the monitor to learn the feeder's " + prefixes + " routes", () -> accepted(monitor) == prefixes);
            feeder.setAdvertisements(Set.of());
            await("the monitor to lose them again", () -> accepted(monitor) == 0);
            return Duration.ofNanos(System.nanoTime() - start);
        } finally {
            closeAll(started);
        }
    }

    /** The speaker under training as the peer of one of ours, which connects from {@code source}. */
    private PeerConfig trainee(IpAddress source) {
        return PeerConfig.builder(TRAINEE, CLUSTER_AS).port(traineePort).sourceAddress(source)
                .families(Set.of(AddressFamily.IPV4_UNICAST)).backoff(QUICK_RETRY).policy(PeerPolicy.defaults())
                .build();
    }

    /** Client i's blocks: 100.127.i.0/26, .64/26, ... ({@value TrainingPlan#BLOCKS_PER_CLIENT} of them). */
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
                throw new IllegalStateException("timed out after " + patience.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
    }
}
