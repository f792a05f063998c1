package io.flatnet.bgp.session;

import static io.flatnet.bgp.session.TwoSpeakers.A;
import static io.flatnet.bgp.session.TwoSpeakers.B;
import static io.flatnet.bgp.session.TwoSpeakers.awaitState;
import static io.flatnet.bgp.session.TwoSpeakers.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.IpPrefix;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A peer that sends faster than the RIB applies is read only as far as the RIB backlog allows
 * ({@link SpeakerRib#BACKLOG_HIGH}); TCP holds the rest, and nothing is lost when the RIB catches up.
 */
class RibBacklogTest {
    private static final int ROUTES = 200_000;
    private TwoSpeakers net;

    @BeforeEach
    void start() {
        net = new TwoSpeakers();
    }

    @AfterEach
    void stop() {
        net.close();
    }

    @Test
    void aSessionStopsReadingWhileTheRibIsBehindAndLosesNothing() throws Exception {
        // A 3 s hold time and a RIB held for 4 s: the session must survive its own pause (the
        // peer's KEEPALIVEs wait unread in the socket meanwhile).
        net.b.setPeers(Set.of(net.bToA().holdTime(Duration.ofSeconds(3)).build()));
        net.a.setPeers(Set.of(net.aToB().holdTime(Duration.ofSeconds(3)).build()));
        awaitState(net.a, B, SessionState.ESTABLISHED);
        awaitState(net.b, A, SessionState.ESTABLISHED);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        net.b.rib().execute(() -> {
            blocked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        blocked.await();

        Set<Advertisement> table = new HashSet<>();
        for (int i = 0; i < ROUTES; i++) {
            table.add(Advertisement.of(IpPrefix.v4(0x6440_0000 + i, 32)));
        }
        net.a.setAdvertisements(table);
        long readWhileBlocked = TwoSpeakers.await("B's reading to settle", () -> status(net.b, A).prefixesReceived(),
                new Settled());

        assertThat(readWhileBlocked)
                .as("read up to the backlog limit and one socket read more, not the whole table")
                .isGreaterThanOrEqualTo(SpeakerRib.BACKLOG_HIGH)
                .isLessThan(ROUTES / 2);
        Thread.sleep(4_000); // longer than the hold time, still paused
        assertThat(status(net.b, A).state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(status(net.b, A).prefixesReceived()).as("still paused").isEqualTo(readWhileBlocked);

        release.countDown();
        TwoSpeakers.awaitRoutes(net.b, A, AddressFamily.IPV4_UNICAST, l -> l.size() == ROUTES);
        assertThat(status(net.b, A).state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(status(net.b, A).flaps()).isZero();
        assertThat(status(net.b, A).prefixesReceived()).isEqualTo(ROUTES);
    }

    /** True once the value is above zero and stayed the same for half a second of polls. */
    private static final class Settled implements java.util.function.Predicate<Long> {
        private long last = -1;
        private long since;

        @Override
        public boolean test(Long value) {
            long now = System.nanoTime();
            if (value != last || value == 0) {
                last = value;
                since = now;
                return false;
            }
            return now - since > 500_000_000L;
        }
    }
}
