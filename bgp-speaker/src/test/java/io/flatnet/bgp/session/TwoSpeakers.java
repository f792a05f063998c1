package io.flatnet.bgp.session;

import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.session.received.ReceivedRoute;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Two speakers in one JVM on loopback addresses 127.0.0.1 (AS 4200000001) and 127.0.0.2 (AS
 * 4200000002), on ephemeral ports. Waiting is polling with a generous deadline, never a fixed sleep
 * that the assertion depends on.
 */
final class TwoSpeakers implements AutoCloseable {
    static final IpAddress A = IpAddress.parse("127.0.0.1");
    static final IpAddress B = IpAddress.parse("127.0.0.2");
    static final Asn AS_A = Asn.of(4_200_000_001L);
    static final Asn AS_B = Asn.of(4_200_000_002L);
    static final ConnectRetryBackoff FAST = new ConnectRetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    static final Duration PATIENCE = Duration.ofSeconds(30);

    final BgpSpeaker a;
    final BgpSpeaker b;

    TwoSpeakers() {
        a = BgpSpeaker.start(SpeakerConfig.of(AS_A, RouterId.parse("1.1.1.1")).withListen(List.of(A), 0).withIoThreads(1));
        b = BgpSpeaker.start(SpeakerConfig.of(AS_B, RouterId.parse("2.2.2.2")).withListen(List.of(B), 0).withIoThreads(1));
    }

    /** A's view of B: A connects out from 127.0.0.1. */
    PeerConfig.Builder aToB() {
        return PeerConfig.builder(B, AS_B).port(b.port()).sourceAddress(A).backoff(FAST)
                .policy(PeerPolicy.defaults()); // RFC 8212: eBGP needs a policy
    }

    /** B's view of A: passive by default, so the tests are not about collisions unless they ask. */
    PeerConfig.Builder bToA() {
        return PeerConfig.builder(A, AS_A).port(a.port()).sourceAddress(B).passive(true).backoff(FAST)
                .policy(PeerPolicy.defaults());
    }

    static PeerStatus status(BgpSpeaker s, IpAddress peer) {
        return s.peerStatus(peer).orElseThrow(() -> new AssertionError("no peer " + peer));
    }

    static void awaitState(BgpSpeaker s, IpAddress peer, SessionState state) {
        await("peer " + peer + " " + state, () -> s.peerStatus(peer).map(PeerStatus::state).orElse(null), st -> st == state);
    }

    static List<ReceivedRoute> awaitRoutes(BgpSpeaker s, IpAddress peer, AddressFamily family, Predicate<List<ReceivedRoute>> ok) {
        return await("routes from " + peer + " " + family, () -> s.receivedRoutes().routes(peer, family), ok);
    }

    static PeerStatus awaitStatus(BgpSpeaker s, IpAddress peer, Predicate<PeerStatus> ok) {
        return await("status of " + peer, () -> s.peerStatus(peer).orElse(null), st -> st != null && ok.test(st));
    }

    static <T> T await(String what, Supplier<T> probe, Predicate<T> ok) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (ok.test(last)) {
                return last;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
    }

    static Optional<NotificationRecord> lastReceived(BgpSpeaker s, IpAddress peer) {
        return s.peerStatus(peer).flatMap(PeerStatus::lastNotificationReceived);
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
