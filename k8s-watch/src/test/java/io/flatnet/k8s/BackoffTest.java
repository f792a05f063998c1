package io.flatnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void waitsGrowAfterFailuresUpToTheMaximumAndASuccessResetsThem() throws Exception {
        Backoff b = new Backoff(Duration.ofMillis(40), Duration.ofMillis(160));
        assertThat(timed(b)).isLessThan(30);
        long[] waits = new long[5];
        for (int i = 0; i < waits.length; i++) {
            b.failed();
            waits[i] = timed(b);
        }
        // 40, 80, 160, 160, 160 ms, each within ±20 %
        assertThat(waits[0]).isBetween(30L, 60L);
        assertThat(waits[1]).isBetween(62L, 110L);
        assertThat(waits[2]).isBetween(125L, 200L);
        assertThat(waits[4]).isBetween(125L, 200L);
        assertThat(b.failures()).isEqualTo(5);
        b.succeeded();
        assertThat(timed(b)).isLessThan(30);
        assertThat(b.failures()).isZero();
    }

    private static long timed(Backoff b) throws InterruptedException {
        long t = System.nanoTime();
        b.awaitTurn();
        return (System.nanoTime() - t) / 1_000_000;
    }
}
