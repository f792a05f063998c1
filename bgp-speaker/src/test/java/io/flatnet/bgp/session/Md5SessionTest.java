package io.flatnet.bgp.session;

import static io.flatnet.bgp.session.TwoSpeakers.A;
import static io.flatnet.bgp.session.TwoSpeakers.B;
import static io.flatnet.bgp.session.TwoSpeakers.awaitState;
import static io.flatnet.bgp.session.TwoSpeakers.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import static io.flatnet.bgp.session.TwoSpeakers.awaitRoutes;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.netty.channel.epoll.Epoll;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** RFC 2385 TCP MD5 between two speakers on loopback; Linux allows it only to root (CAP_NET_ADMIN). */
@Tag("privileged")
class Md5SessionTest {

    @BeforeEach
    void requireRootAndEpoll() {
        assumeTrue(Epoll.isAvailable(), "TCP MD5 needs netty epoll, unavailable: " + Epoll.unavailabilityCause());
        assumeTrue("root".equals(System.getProperty("user.name")),
                "TCP MD5 keys need CAP_NET_ADMIN; run as root (CI does) to exercise this test");
    }

    @Test
    void matchingKeysEstablish() {
        try (TwoSpeakers net = new TwoSpeakers()) {
            net.b.setPeers(Set.of(net.bToA().md5Password("flatnet-secret").build()));
            net.a.setPeers(Set.of(net.aToB().md5Password("flatnet-secret").build()));
            awaitState(net.a, B, SessionState.ESTABLISHED);
            awaitState(net.b, A, SessionState.ESTABLISHED);
        }
    }

    @Test
    void mismatchedKeysNeverEstablish() {
        assertNeverEstablished("one", "two");
    }

    @Test
    void aKeyOnOneSideOnlyNeverEstablishes() {
        assertNeverEstablished(null, "only-a-knows");
    }

    /** B passive with {@code keyB}, A connecting with {@code keyA} ({@code null}: no key). */
    private static void assertNeverEstablished(String keyB, String keyA) {
        try (TwoSpeakers net = new TwoSpeakers()) {
            net.b.setPeers(Set.of(net.bToA().md5Password(keyB).build()));
            net.a.setPeers(Set.of(net.aToB().md5Password(keyA).build()));
            // The kernel drops unsigned/mis-signed segments: the connect attempt fails or times out.
            awaitStatus(net.a, B, s -> !s.lastError().isEmpty());
            assertThat(net.a.peerStatus(B).orElseThrow().state()).isNotEqualTo(SessionState.ESTABLISHED);
            assertThat(net.b.peerStatus(A).orElseThrow().state()).isNotEqualTo(SessionState.ESTABLISHED);
        }
    }

    /**
     * Operators rotate a key one router at a time: between the two changes the kernel drops the
     * segments signed with the other key and TCP retransmits them, so the session survives as
     * long as both ends change within the hold time. A reset here would withdraw every route.
     */
    @Test
    void rotatingTheKeyKeepsTheSession() {
        try (TwoSpeakers net = new TwoSpeakers()) {
            net.b.setPeers(Set.of(net.bToA().md5Password("key-2026-q3").build()));
            net.a.setPeers(Set.of(net.aToB().md5Password("key-2026-q3").build()));
            awaitState(net.a, B, SessionState.ESTABLISHED);
            awaitState(net.b, A, SessionState.ESTABLISHED);
            PeerStatus before = net.a.peerStatus(B).orElseThrow();

            net.a.setPeers(Set.of(net.aToB().md5Password("key-2026-q4").build()));
            net.b.setPeers(Set.of(net.bToA().md5Password("key-2026-q4").build()));
            net.b.setAdvertisements(Set.of(Advertisement.of("100.64.77.0/24")));

            awaitRoutes(net.a, B, AddressFamily.IPV4_UNICAST, routes -> routes.size() == 1);
            PeerStatus after = net.a.peerStatus(B).orElseThrow();
            assertThat(after.state()).isEqualTo(SessionState.ESTABLISHED);
            assertThat(after.since()).as("session start").isEqualTo(before.since());
            assertThat(after.flaps()).isEqualTo(before.flaps());
            assertThat(after.notificationsSent()).isEmpty();
            assertThat(net.b.peerStatus(A).orElseThrow().notificationsSent()).isEmpty();
        }
    }
}
