package io.flatnet.agent.training;

import static io.flatnet.agent.training.TrainingPlan.CLUSTER_AS;
import static io.flatnet.agent.training.TrainingPlan.FEEDER;
import static io.flatnet.agent.training.TrainingPlan.FEEDER_AS;
import static io.flatnet.agent.training.TrainingPlan.MONITOR;
import static io.flatnet.agent.training.TrainingPlan.MONITOR_AS;
import static io.flatnet.agent.training.TrainingPlan.TRAINEE;
import static io.flatnet.agent.training.TrainingPlan.TRAINEE_ID;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.policy.BgpFilter;
import io.flatnet.bgp.policy.FilterRule;
import io.flatnet.bgp.policy.NextHopMode;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.SpeakerConfig;
import io.flatnet.reflector.RouteReflector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The training run: the speaker under training listens on 127.0.0.1, and {@link TrainingPeers},
 * started as a second JVM, connects to it from other loopback addresses.
 *
 * <ol>
 *   <li><b>Reflection</b>: the speaker is an RFC 4456 reflector for {@code clients} iBGP clients,
 *       each originating {@value TrainingPlan#BLOCKS_PER_CLIENT} blocks; every client learns
 *       every other client's blocks, then all withdraw theirs.</li>
 *   <li><b>Relay</b>: an eBGP feeder announces {@code prefixes} routes, the speaker passes them to
 *       an eBGP monitor with itself as next hop, then the feeder withdraws them all.</li>
 * </ol>
 * The peers check each phase's convergence, and the run fails loudly when one of their waits
 * runs out of patience (two minutes each from {@link #main}): a cache trained on a run that went
 * wrong would hold the classes of what went wrong, so the launchers keep none from a failed run.
 * The run covers the session, wire, RIB, policy, reflector and outbound code; what only the
 * agent's other parts load (Kubernetes, netlink, the API) is loaded at run time as before.
 */
public final class AotTrainingRun {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** The peers' JVM start and their waits beyond the patience of each. */
    private static final Duration PEERS_SLACK = Duration.ofSeconds(60);
    private static final int PEER_WAITS = 5;

    private final int clients;
    private final int prefixes;
    private final Duration patience;

    /** How long each phase took, as the peers measured it. */
    public record Result(Duration reflection, Duration relay) {
    }

    /**
     * @param clients  reflector clients, 1 to {@value TrainingPlan#MAX_CLIENTS} (each takes an address 127.0.1.x)
     * @param prefixes routes the feeder relays, 1 to {@value TrainingPlan#MAX_RELAYED} (each a /30 from 100.64.0.0)
     * @param patience how long each wait for convergence may take before the run fails
     */
    public AotTrainingRun(int clients, int prefixes, Duration patience) {
        TrainingPlan.checkSizes(clients, prefixes);
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
            System.err.println("flatnet AOT training failed: " + e.getMessage());
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
            System.err.println("usage: flatnet train-aot [CLIENTS [ROUTES]]: CLIENTS 1 to " + TrainingPlan.MAX_CLIENTS
                    + " (default 200), ROUTES 1 to " + TrainingPlan.MAX_RELAYED + " (default 50000): " + e.getMessage());
            return 64;
        }
        Result result = run.run();
        System.out.printf("flatnet AOT training: reflected %d clients' blocks in %.1f s, relayed %d routes in %.1f s%n",
                run.clients, result.reflection().toMillis() / 1e3, run.prefixes, result.relay().toMillis() / 1e3);
        return 0;
    }

    /**
     * Both phases against one speaker under training; returns once the peers' process has ended
     * and the speaker is closed again, whether or not the run converged.
     *
     * @throws IllegalStateException if the peers' process failed or did not end in time
     */
    public Result run() {
        BgpSpeaker trainee = BgpSpeaker.start(SpeakerConfig.of(CLUSTER_AS, TRAINEE_ID)
                .withListen(List.of(TRAINEE), 0)
                .withRules(new RouteReflector(TRAINEE_ID)));
        try {
            trainee.setPeers(traineePeers());
            return runPeers(trainee.port());
        } finally {
            trainee.close();
        }
    }

    private Set<PeerConfig> traineePeers() {
        Set<PeerConfig> peers = new LinkedHashSet<>();
        for (int i = 1; i <= clients; i++) {
            peers.add(PeerConfig.builder(TrainingPlan.clientAddress(i), CLUSTER_AS).passive(true)
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

    /** Runs {@link TrainingPeers} against the trainee's port and reads its phase lines. */
    private Result runPeers(int port) {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), TrainingPeers.class.getName(),
                Integer.toString(port), Integer.toString(clients), Integer.toString(prefixes),
                Long.toString(patience.toMillis()));
        Process peers;
        try {
            peers = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("AOT training run: cannot start the peers' JVM", e);
        }
        // The peers give up on their own when a wait runs out of patience; this is for a JVM
        // that hangs anyway, so that the training JVM still ends (and its launcher with it).
        Duration limit = patience.multipliedBy(PEER_WAITS).plus(PEERS_SLACK);
        AtomicBoolean killed = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                if (!peers.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    killed.set(true);
                    peers.destroyForcibly();
                }
            } catch (InterruptedException e) {
                // the run is over
            }
        });
        Duration reflection = null;
        Duration relay = null;
        Deque<String> lastLines = new ArrayDeque<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(peers.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                System.out.println("  peers: " + line);
                if (line.startsWith("reflection ")) {
                    reflection = Duration.ofMillis(Long.parseLong(line.substring("reflection ".length())));
                } else if (line.startsWith("relay ")) {
                    relay = Duration.ofMillis(Long.parseLong(line.substring("relay ".length())));
                }
                lastLines.addLast(line);
                if (lastLines.size() > 5) {
                    lastLines.removeFirst();
                }
            }
            int status = peers.waitFor();
            if (status != 0 || reflection == null || relay == null) {
                throw new IllegalStateException("AOT training run: the peers' JVM ended with status " + status
                        + (killed.get() ? " (killed: still running after " + limit.toSeconds() + " s)" : "") + ": "
                        + String.join(" | ", lastLines));
            }
            return new Result(reflection, relay);
        } catch (IOException e) {
            throw new UncheckedIOException("AOT training run: reading the peers' output", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("AOT training run: interrupted", e);
        } finally {
            peers.destroyForcibly();
            watchdog.interrupt();
        }
    }
}
