package io.flatnet.reflector;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.SpeakerConfig;
import io.flatnet.bgp.session.received.ReceivedRoute;
import io.flatnet.bgp.wire.attribute.ClusterList;
import io.flatnet.bgp.wire.attribute.OriginatorId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The standalone reflector over TCP on loopback: one reflector on 127.0.0.1 whose only
 * configuration is a dynamic-neighbour range, and {@value #CLIENTS} client speakers in this JVM,
 * each on its own 127.0.1.x address, each originating one /24. No root needed.
 */
class StandaloneReflectorTest {
    private static final int CLIENTS = 200;
    private static final Asn AS = Asn.of(64512);
    private static final RouterId CLUSTER = RouterId.parse("244.0.0.1");
    private static final IpAddress REFLECTOR = IpAddress.parse("127.0.0.1");
    private static final ConnectRetryBackoff FAST = new ConnectRetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(2));
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private BgpSpeaker reflector;
    private final List<BgpSpeaker> clients = new ArrayList<>();

    @AfterEach
    void close() {
        // Closing waits out each speaker's quiet period: in parallel, or 200 of them take a minute.
        try (ExecutorService closer = Executors.newVirtualThreadPerTaskExecutor()) {
            clients.forEach(c -> closer.submit(c::close));
        }
        if (reflector != null) {
            reflector.close();
        }
    }

    /** The reflector: its only configuration is the range 127.0.1.0/24 of clients. */
    private static BgpSpeaker startReflector(int ioThreads) {
        StandaloneReflector mode = new StandaloneReflector(CLUSTER,
                DynamicNeighbors.of(PeerTemplate.clients("nodes", IpPrefix.parse("127.0.1.0/24"), AS)
                        .withLimit(254))); // above the default 100: the test runs 200 clients
        return mode.start(SpeakerConfig.of(AS, RouterId.parse("100.64.0.1"))
                .withListen(List.of(REFLECTOR), 0).withIoThreads(ioThreads));
    }

    private static IpAddress clientAddress(int i) {
        return IpAddress.parse("127.0.1." + i);
    }

    private static RouterId clientRouterId(int i) {
        return RouterId.parse("100.64.1." + i);
    }

    private static IpPrefix clientBlock(int i) {
        return IpPrefix.parse("100.66." + i + ".0/24");
    }

    @Test
    void everyClientLearnsEveryOtherClientsBlockWithOriginatorIdAndClusterList() {
        reflector = startReflector(2);
        for (int i = 1; i <= CLIENTS; i++) {
            BgpSpeaker c = BgpSpeaker.start(SpeakerConfig.of(AS, clientRouterId(i)).withoutListener().withIoThreads(1));
            clients.add(c);
            c.setAdvertisements(Set.of(new Advertisement(clientBlock(i), List.of(), List.of())));
            c.setPeers(Set.of(PeerConfig.builder(REFLECTOR, AS).port(reflector.port()).sourceAddress(clientAddress(i))
                    .families(Set.of(AddressFamily.IPV4_UNICAST)).backoff(FAST).policy(PeerPolicy.defaults()).build()));
        }

        await("all " + CLIENTS + " clients Established at the reflector", () -> {
            List<PeerStatus> peers = reflector.peers();
            return peers.size() == CLIENTS && peers.stream().allMatch(p -> p.state() == SessionState.ESTABLISHED);
        });
        List<PeerStatus> peers = reflector.peers();
        assertThat(peers).allSatisfy(p -> {
            assertThat(p.dynamic()).isTrue();
            assertThat(p.listenRange()).contains("nodes");
        });
        await("every client to hold the other " + (CLIENTS - 1) + " blocks", () -> clients.stream()
                .allMatch(c -> c.receivedRoutes().routes(REFLECTOR, AddressFamily.IPV4_UNICAST).size() == CLIENTS - 1));

        for (int i : new int[] {1, 77, CLIENTS}) {
            List<ReceivedRoute> routes = clients.get(i - 1).receivedRoutes().routes(REFLECTOR, AddressFamily.IPV4_UNICAST);
            assertThat(routes).extracting(ReceivedRoute::prefix).doesNotContain(clientBlock(i));
            for (ReceivedRoute r : routes) {
                int origin = Integer.parseInt(r.prefix().toString().split("\\.")[2]);
                assertThat(r.attributes().attribute(OriginatorId.class)).as("ORIGINATOR_ID of %s", r.prefix())
                        .contains(new OriginatorId(clientRouterId(origin)));
                assertThat(r.attributes().attribute(ClusterList.class)).as("CLUSTER_LIST of %s", r.prefix())
                        .contains(new ClusterList(List.of(CLUSTER)));
                assertThat(r.nextHop()).as("next hop of %s, kept by the reflector", r.prefix())
                        .isEqualTo(clientAddress(origin));
            }
        }

        // A client that leaves takes its dynamic peer and its block with it.
        clients.removeLast().close();
        await("the reflector to drop the departed client", () -> reflector.peers().size() == CLIENTS - 1);
        await("the others to lose its block", () -> clients.stream()
                .allMatch(c -> c.receivedRoutes().routes(REFLECTOR, AddressFamily.IPV4_UNICAST).size() == CLIENTS - 2));
    }

    @Test
    void connectionsFromOutsideTheRangesAreRefused() {
        reflector = startReflector(1);
        BgpSpeaker outsider = BgpSpeaker.start(SpeakerConfig.of(AS, RouterId.parse("100.64.9.9")).withoutListener()
                .withIoThreads(1));
        clients.add(outsider);
        outsider.setPeers(Set.of(PeerConfig.builder(REFLECTOR, AS).port(reflector.port())
                .sourceAddress(IpAddress.parse("127.0.9.9")).backoff(FAST).policy(PeerPolicy.defaults()).build()));
        await("the outsider's connection to be closed", () -> outsider.peerStatus(REFLECTOR)
                .map(s -> s.lastError().contains("closed") || s.lastError().contains("failed")).orElse(false));
        assertThat(reflector.peers()).isEmpty();
    }

    private static void await(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
