package io.flatnet.bgp.session;

import static io.flatnet.bgp.session.TwoSpeakers.B;
import static io.flatnet.bgp.session.TwoSpeakers.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.Asn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A peer that always refuses (it is not the AS we expect: we send OPEN error 2/2 each time) is
 * retried less and less often: the interval between attempts doubles up to the backoff cap. Here
 * with a 100 ms start and a 1.6 s cap, so the live run takes seconds; the default (5 s doubling to
 * 120 s, so past 30 s from the fourth failure on) is {@code ConnectRetryBackoffTest}'s, on frozen
 * time. No root needed.
 */
class RefusingPeerBackoffTest {

    @Test
    void attemptsAgainstAWrongAsSpreadOutToTheCap() {
        ConnectRetryBackoff backoff = new ConnectRetryBackoff(Duration.ofMillis(100), Duration.ofMillis(1600));
        try (TwoSpeakers net = new TwoSpeakers()) {
            List<PeerStateChange> changes = refusedBy(net, backoff);
            await("8 restarts", () -> waits(changes).size(), n -> n >= 8);
            List<Long> waits = waits(changes).subList(0, 8);
            System.out.println("waits in Idle before each new attempt against a wrong AS (ms): " + waits);
            PeerStatus a = TwoSpeakers.status(net.a, B);
            assertThat(a.notificationsSent()).singleElement().satisfies(n -> {
                assertThat(n.code()).isEqualTo(2);
                assertThat(n.subcode()).isEqualTo(2);
                assertThat(n.count()).isGreaterThanOrEqualTo(8);
            });
            for (int i = 0; i < waits.size(); i++) {
                long expected = backoff.delay(i + 1).toMillis();
                // Jitter scales each delay by [0.75, 1); allow the scheduler 150 ms of lateness.
                assertThat(waits.get(i)).as("wait %d of %s, backoff %d ms", i + 1, waits, expected)
                        .isBetween(expected * 3 / 4 - 5, expected + 150);
            }
        }
    }

    /**
     * The same with the default backoff, live: 5 s doubling, so the fourth wait is at least 30 s
     * (40 s less jitter) and the fifth at least 60 s. About 2.5 minutes, so tagged long.
     */
    @Test
    @Tag("long")
    void withTheDefaultBackoffTheIntervalPassesThirtySeconds() throws InterruptedException {
        try (TwoSpeakers net = new TwoSpeakers()) {
            List<PeerStateChange> changes = refusedBy(net, ConnectRetryBackoff.DEFAULT);
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (waits(changes).size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            List<Long> waits = waits(changes);
            System.out.println("default backoff: waits in Idle before each new attempt (ms): " + waits);
            assertThat(waits).hasSizeGreaterThanOrEqualTo(5);
            assertThat(waits.get(3)).as("fourth wait").isGreaterThanOrEqualTo(30_000);
            assertThat(waits.get(4)).as("fifth wait").isGreaterThanOrEqualTo(60_000);
        }
    }

    /** A expects AS 65099 of B, which is not B's AS: every OPEN of B's gets 2/2. A's state changes. */
    private static List<PeerStateChange> refusedBy(TwoSpeakers net, ConnectRetryBackoff backoff) {
        List<PeerStateChange> changes = new CopyOnWriteArrayList<>();
        net.a.addListener(new SpeakerListener() {
            @Override
            public void stateChanged(PeerStateChange change) {
                changes.add(change);
            }
        });
        net.b.setPeers(Set.of(net.bToA().build()));
        net.a.setPeers(Set.of(PeerConfig.builder(B, Asn.of(65099)).port(net.b.port()).sourceAddress(TwoSpeakers.A)
                .backoff(backoff).policy(io.flatnet.bgp.policy.PeerPolicy.defaults()).build()));
        return changes;
    }

    /** How long the session sat in Idle before each automatic restart, in order. */
    private static List<Long> waits(List<PeerStateChange> changes) {
        List<Long> waits = new ArrayList<>();
        Instant idleSince = null;
        for (PeerStateChange c : List.copyOf(changes)) {
            if (c.to() == SessionState.IDLE) {
                idleSince = c.at();
            } else if (c.from() == SessionState.IDLE && idleSince != null) {
                waits.add(Duration.between(idleSince, c.at()).toMillis());
            }
        }
        return waits;
    }
}
