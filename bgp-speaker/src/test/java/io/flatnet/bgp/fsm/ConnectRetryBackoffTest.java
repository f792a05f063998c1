package io.flatnet.bgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.fsm.FsmAction.StartTimer;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConnectRetryBackoffTest {

    private final ConnectRetryBackoff backoff = ConnectRetryBackoff.DEFAULT;

    @Test
    void doublesPerFailureUpToTheCap() {
        assertThat(IntStream.rangeClosed(0, 8).mapToObj(backoff::delay).map(Duration::toSeconds))
                .containsExactly(5L, 5L, 10L, 20L, 40L, 80L, 120L, 120L, 120L);
    }

    @Test
    void anEndlessFailureCountStaysAtTheCap() {
        assertThat(backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(120));
        assertThat(new ConnectRetryBackoff(Duration.ofNanos(1), Duration.ofDays(365 * 100)).delay(Integer.MAX_VALUE))
                .isEqualTo(Duration.ofDays(365 * 100));
    }

    @Test
    void aCapThatIsNotAPowerOfTwoMultipleIsHitExactly() {
        ConnectRetryBackoff b = new ConnectRetryBackoff(Duration.ofSeconds(3), Duration.ofSeconds(10));

        assertThat(IntStream.rangeClosed(1, 4).mapToObj(b::delay).map(Duration::toSeconds))
                .containsExactly(3L, 6L, 10L, 10L);
    }

    @Test
    void jitterScalesByAFactorBetweenThreeQuartersAndOne() {
        RandomGenerator lowest = () -> 0L; // nextDouble() == 0.0
        RandomGenerator highest = () -> -1L; // nextDouble() just below 1.0

        assertThat(backoff.delay(1, lowest)).isEqualTo(Duration.ofMillis(3750));
        assertThat(backoff.delay(7, lowest)).isEqualTo(Duration.ofSeconds(90));
        assertThat(backoff.delay(1, highest)).isBetween(Duration.ofMillis(4999), Duration.ofSeconds(5));

        SplittableRandom seeded = new SplittableRandom(42);
        for (int i = 0; i < 1000; i++) {
            assertThat(backoff.delay(3, seeded)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(20));
        }
    }

    @Test
    void theFsmUsesTheInjectedJitter() {
        PeerFsm fsm = new PeerFsm(FsmConfig.DEFAULT, () -> 0L);

        Transition t = fsm.step(Handshake.openSent(fsm), new FsmEvent.HoldTimerExpired());

        assertThat(t.actions()).last().isEqualTo(new StartTimer(TimerKind.IDLE_HOLD, Duration.ofMillis(3750)));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new ConnectRetryBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnectRetryBackoff(Duration.ofSeconds(5), Duration.ofSeconds(4)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backoff.delay(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
