package io.flatnet.bgp.session;

import static io.flatnet.bgp.session.TwoSpeakers.A;
import static io.flatnet.bgp.session.TwoSpeakers.AS_A;
import static io.flatnet.bgp.session.TwoSpeakers.B;
import static io.flatnet.bgp.session.TwoSpeakers.awaitRoutes;
import static io.flatnet.bgp.session.TwoSpeakers.awaitState;
import static io.flatnet.bgp.session.TwoSpeakers.awaitStatus;
import static io.flatnet.bgp.session.TwoSpeakers.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.rib.BestPathChange;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.LargeCommunity;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.session.received.ReceivedRoute;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.Communities;
import io.flatnet.bgp.wire.attribute.LargeCommunities;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two real speakers over TCP on loopback; no root needed. */
class SpeakerTcpTest {
    private TwoSpeakers net;

    @BeforeEach
    void start() {
        net = new TwoSpeakers();
    }

    @AfterEach
    void stop() {
        net.close();
    }

    private void establish() {
        establish(net.aToB().build());
    }

    private void establish(PeerConfig aToB) {
        net.b.setPeers(Set.of(net.bToA().build()));
        net.a.setPeers(Set.of(aToB));
        awaitState(net.a, B, SessionState.ESTABLISHED);
        awaitState(net.b, A, SessionState.ESTABLISHED);
    }

    @Test
    void fourOctetAsSessionExchangesAndWithdrawsRoutes() {
        List<AddressFamily> endOfRib = new CopyOnWriteArrayList<>();
        net.b.addListener(new SpeakerListener() {
            @Override
            public void endOfRib(IpAddress peer, AddressFamily family) {
                endOfRib.add(family);
            }
        });
        // IPv6 routes on this IPv4 session take the configured IPv6 next hop
        establish(net.aToB().ipv6NextHop(IpAddress.parse("fd00:64::a")).build());
        PeerStatus st = status(net.a, B);
        assertThat(st.negotiated()).get().satisfies(n -> {
            assertThat(n.context().fourOctetAs()).isTrue();
            assertThat(n.context().families()).containsExactlyInAnyOrder(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
        });
        TwoSpeakers.await("End-of-RIB from A", () -> endOfRib, l -> l.size() == 2);

        IpPrefix v4 = IpPrefix.parse("10.244.1.0/24");
        IpPrefix v4b = IpPrefix.parse("10.244.2.0/24");
        IpPrefix v6 = IpPrefix.parse("fd00:10:244:1::/64");
        LargeCommunity large = new LargeCommunity(4_200_000_001L, 1, 2);
        net.a.setAdvertisements(Set.of(
                new Advertisement(v4, List.of(Community.of(65000, 1)), List.of(large)),
                Advertisement.of(v4b),
                Advertisement.of(v6)));
        List<ReceivedRoute> v4routes = awaitRoutes(net.b, A, AddressFamily.IPV4_UNICAST, l -> l.size() == 2);
        ReceivedRoute first = v4routes.getFirst();
        assertThat(first.prefix()).isEqualTo(v4);
        assertThat(first.nextHop()).isEqualTo(A);
        assertThat(first.attributes().attribute(AsPath.class)).contains(AsPath.sequence(AS_A));
        assertThat(first.attributes().attribute(Communities.class).orElseThrow().values()).containsExactly(Community.of(65000, 1));
        assertThat(first.attributes().attribute(LargeCommunities.class).orElseThrow().values()).containsExactly(large);
        List<ReceivedRoute> v6routes = awaitRoutes(net.b, A, AddressFamily.IPV6_UNICAST, l -> l.size() == 1);
        assertThat(v6routes.getFirst().prefix()).isEqualTo(v6);
        assertThat(v6routes.getFirst().nextHop()).isEqualTo(IpAddress.parse("fd00:64::a"));
        awaitStatus(net.a, B, s -> s.prefixesAdvertised() == 3);
        awaitStatus(net.b, A, s -> s.prefixesAccepted() == 3);

        net.a.setAdvertisements(Set.of(Advertisement.of(v4b)));
        awaitRoutes(net.b, A, AddressFamily.IPV4_UNICAST, l -> l.size() == 1 && l.getFirst().prefix().equals(v4b));
        awaitRoutes(net.b, A, AddressFamily.IPV6_UNICAST, List::isEmpty);
    }

    @Test
    void setPeersLeavesAnUnchangedPeerAloneAndResetsAChangedOne() {
        establish();
        PeerStatus before = status(net.a, B);
        net.a.setPeers(Set.of(net.aToB().build()));
        PeerStatus after = status(net.a, B);
        assertThat(after.state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(after.sent().open()).isEqualTo(before.sent().open()).isEqualTo(1);
        assertThat(after.since()).isEqualTo(before.since());

        net.a.setPeers(Set.of(net.aToB().holdTime(Duration.ofSeconds(30)).build()));
        awaitStatus(net.b, A, s -> s.lastNotificationReceived().map(n -> n.code() == 6 && n.subcode() == 6).orElse(false));
        awaitStatus(net.a, B, s -> s.state() == SessionState.ESTABLISHED && s.holdTime().equals(Duration.ofSeconds(30)));
        awaitState(net.b, A, SessionState.ESTABLISHED);
        assertThat(status(net.b, A).flaps()).isEqualTo(1);
    }

    @Test
    void removedPeerIsToldItWasDeconfigured() {
        establish();
        net.a.setPeers(Set.of());
        assertThat(net.a.peers()).isEmpty();
        awaitStatus(net.b, A, s -> s.lastNotificationReceived().map(n -> n.code() == 6 && n.subcode() == 3).orElse(false));
        assertThat(status(net.b, A).state()).isNotEqualTo(SessionState.ESTABLISHED);
    }

    @Test
    void shutdownSendsAdministrativeShutdownWithTheMessage() {
        establish();
        net.a.shutdown(false, "rolling upgrade to 1.2");
        PeerStatus seen = awaitStatus(net.b, A, s -> s.lastNotificationReceived().isPresent());
        assertThat(seen.lastNotificationReceived()).get().satisfies(n -> {
            assertThat(n.code()).isEqualTo(6);
            assertThat(n.subcode()).isEqualTo(2);
            assertThat(n.shutdownMessage()).contains("rolling upgrade to 1.2");
        });
    }

    @Test
    void gracefulShutdownClosesWithoutNotification() {
        establish();
        net.a.shutdown(true, "ignored");
        awaitStatus(net.b, A, s -> s.state() != SessionState.ESTABLISHED);
        assertThat(status(net.b, A).lastNotificationReceived()).isEmpty();
        // A FIN, or an RST when A still had unread bytes from B (its End-of-RIB now leaves B's RIB
        // thread a little later than it used to): either way, no NOTIFICATION.
        assertThat(status(net.b, A).lastError()).containsAnyOf("closed", "reset");
    }

    @Test
    void bothSidesConnectingAtOnceEndInOneSession() {
        net.b.setPeers(Set.of(net.bToA().passive(false).build()));
        net.a.setPeers(Set.of(net.aToB().build()));
        awaitState(net.a, B, SessionState.ESTABLISHED);
        awaitState(net.b, A, SessionState.ESTABLISHED);
        net.a.setAdvertisements(Set.of(Advertisement.of("10.9.0.0/16")));
        awaitRoutes(net.b, A, AddressFamily.IPV4_UNICAST, l -> l.size() == 1);
    }

    @Test
    void connectionsFromUnconfiguredAddressesAreRefused() {
        try (BgpSpeaker c = BgpSpeaker.start(SpeakerConfig.of(TwoSpeakers.AS_A, RouterId.parse("3.3.3.3"))
                .withListen(List.of(IpAddress.parse("127.0.0.3")), 0).withIoThreads(1))) {
            c.setPeers(Set.of(PeerConfig.builder(B, TwoSpeakers.AS_B).port(net.b.port())
                    .sourceAddress(IpAddress.parse("127.0.0.3")).backoff(TwoSpeakers.FAST).build()));
            awaitStatus(c, B, s -> s.lastError().contains("closed") || s.lastError().contains("failed"));
            assertThat(status(c, B).state()).isNotEqualTo(SessionState.ESTABLISHED);
            assertThat(status(c, B).received().open()).isZero();
        }
    }

    @Test
    void learnedRoutesPassThroughTheRibToAThirdSpeaker() {
        IpAddress c = IpAddress.parse("127.0.0.3");
        Asn asC = Asn.of(4_200_000_003L);
        List<BestPathChange> changes = new CopyOnWriteArrayList<>();
        net.b.addListener(new SpeakerListener() {
            @Override
            public void bestPathChanged(BestPathChange change) {
                changes.add(change);
            }
        });
        try (BgpSpeaker sc = BgpSpeaker.start(SpeakerConfig.of(asC, RouterId.parse("3.3.3.3"))
                .withListen(List.of(c), 0).withIoThreads(1))) {
            sc.setPeers(Set.of(PeerConfig.builder(B, TwoSpeakers.AS_B).port(net.b.port()).sourceAddress(c)
                    .backoff(TwoSpeakers.FAST).policy(PeerPolicy.defaults()).build()));
            net.b.setPeers(Set.of(net.bToA().build(),
                    PeerConfig.builder(c, asC).port(sc.port()).sourceAddress(B).passive(true).backoff(TwoSpeakers.FAST)
                            .policy(RoutingTest.EXPORT_ALL).build()));
            net.a.setPeers(Set.of(net.aToB().build()));
            awaitState(net.a, B, SessionState.ESTABLISHED);
            awaitState(sc, B, SessionState.ESTABLISHED);

            IpPrefix p = IpPrefix.parse("10.244.7.0/24");
            net.a.setAdvertisements(Set.of(Advertisement.of(p)));
            ReceivedRoute atC = awaitRoutes(sc, B, AddressFamily.IPV4_UNICAST, l -> l.size() == 1).getFirst();
            assertThat(atC.prefix()).isEqualTo(p);
            assertThat(atC.nextHop()).isEqualTo(B);
            assertThat(atC.attributes().attribute(AsPath.class)).contains(AsPath.sequence(TwoSpeakers.AS_B, AS_A));
            assertThat(net.b.rib().query(r -> r.locRib(io.flatnet.bgp.model.Afi.IPV4).best(p)).join().hasBest()).isTrue();
            TwoSpeakers.await("best-path change at B", () -> changes, l -> !l.isEmpty());
            assertThat(changes.getFirst().prefix()).isEqualTo(p);

            net.a.setAdvertisements(Set.of());
            awaitRoutes(sc, B, AddressFamily.IPV4_UNICAST, List::isEmpty);
            assertThat(net.b.updatesEncoded()).isPositive();
        }
    }
}
