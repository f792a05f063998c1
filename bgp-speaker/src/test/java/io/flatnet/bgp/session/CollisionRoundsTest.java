package io.flatnet.bgp.session;

import static io.flatnet.bgp.session.TwoSpeakers.A;
import static io.flatnet.bgp.session.TwoSpeakers.B;
import static io.flatnet.bgp.session.TwoSpeakers.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.rib.BestPathChange;
import io.flatnet.bgp.wire.NotificationCode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * RFC 4271 §6.8 live, 100 rounds: two speakers on loopback, both active, configured with each
 * other at the same instant so that each connects while the other does. Every round ends with
 * exactly one session, without a flap; a connection that lost carried Cease 6/7 and nothing
 * else; the peer's one prefix enters the Loc-RIB once per round and is never withdrawn while the
 * collision is resolved. No root needed.
 */
class CollisionRoundsTest {
    static final int ROUNDS = 100;
    static final IpPrefix PREFIX = IpPrefix.parse("100.64.66.0/24");

    @Test
    void hundredSimultaneousStartsEachEndWithOneSessionAndNoChurn() throws Exception {
        int collisions = 0;
        try (TwoSpeakers net = new TwoSpeakers(); var starters = Executors.newFixedThreadPool(2)) {
            net.b.setAdvertisements(Set.of(Advertisement.of(PREFIX.toString())));
            List<BestPathChange> changes = new CopyOnWriteArrayList<>();
            net.a.addListener(new SpeakerListener() {
                @Override
                public void bestPathChanged(BestPathChange change) {
                    if (change.prefix().equals(PREFIX)) {
                        changes.add(change);
                    }
                }
            });
            PeerConfig aToB = net.aToB().build();
            PeerConfig bToA = net.bToA().passive(false).build();
            for (int round = 1; round <= ROUNDS; round++) {
                CyclicBarrier together = new CyclicBarrier(2);
                Future<?> fa = starters.submit(() -> { together.await(); net.a.setPeers(Set.of(aToB)); return null; });
                Future<?> fb = starters.submit(() -> { together.await(); net.b.setPeers(Set.of(bToA)); return null; });
                fa.get();
                fb.get();
                TwoSpeakers.awaitState(net.a, B, SessionState.ESTABLISHED);
                TwoSpeakers.awaitState(net.b, A, SessionState.ESTABLISHED);
                await("round " + round + ": the prefix in A's Loc-RIB", () -> changes.size(), n -> n >= 1);
                PeerStatus a = TwoSpeakers.status(net.a, B);
                PeerStatus b = TwoSpeakers.status(net.b, A);
                String where = "round " + round + ": A " + a + "\nB " + b;
                assertThat(a.flaps()).as(where).isZero();
                assertThat(b.flaps()).as(where).isZero();
                for (PeerStatus s : List.of(a, b)) {
                    for (NotificationCount n : concat(s.notificationsSent(), s.notificationsReceived())) {
                        assertThat(n.code() + "/" + n.subcode()).as(where).isEqualTo(
                                NotificationCode.CEASE_CONNECTION_COLLISION_RESOLUTION.code() + "/"
                                        + NotificationCode.CEASE_CONNECTION_COLLISION_RESOLUTION.subcode());
                    }
                }
                if (!a.notificationsSent().isEmpty() || !b.notificationsSent().isEmpty()) {
                    collisions++;
                }
                assertThat(changes).as(where).singleElement().satisfies(c -> assertThat(c.isWithdrawal()).isFalse());
                // Stop both, and forget the withdrawal that follows before the next round.
                net.a.setPeers(Set.of());
                net.b.setPeers(Set.of());
                await("round " + round + ": the prefix withdrawn", () -> changes.size(), n -> n == 2);
                changes.clear();
            }
        }
        System.out.printf("%d rounds, %d with a collision resolved by Cease 6/7%n", ROUNDS, collisions);
        assertThat(collisions).as("rounds in which both connections met").isPositive();
    }

    private static List<NotificationCount> concat(List<NotificationCount> x, List<NotificationCount> y) {
        return java.util.stream.Stream.concat(x.stream(), y.stream()).toList();
    }
}
