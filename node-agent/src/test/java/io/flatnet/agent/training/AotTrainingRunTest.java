package io.flatnet.agent.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The training run on loopback, small: it must converge in both phases, because a cache trained
 * on a run that stalled would hold the classes of a stall, and it must say so when it does not.
 * The JVM side ({@code -XX:AOTCacheOutput}, a later start using the cache) is covered where the
 * launchers are: {@code DistributionTest} and {@code StartDutAotIT} in the integration module.
 */
class AotTrainingRunTest {
    @Test
    void bothPhasesConvergeOnLoopback() {
        AotTrainingRun.Result result = new AotTrainingRun(12, 3_000, Duration.ofSeconds(60)).run();

        assertThat(result.reflection()).isPositive();
        assertThat(result.relay()).isPositive();
    }

    @Test
    void aPhaseThatDoesNotConvergeFailsTheRunAndNamesIt() {
        // No time at all: the first wait gives up before any client can have learned anything.
        assertThatThrownBy(() -> new AotTrainingRun(2, 10, Duration.ZERO).run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("timed out")
                .hasMessageContaining("every client to learn the other clients' 4 blocks");
    }

    @Test
    void sizesOutsideTheLoopbackPlanAreRefused() {
        assertThatThrownBy(() -> new AotTrainingRun(251, 10, Duration.ofSeconds(1)))
                .hasMessage("clients must be 1 to 250, not 251");
        assertThatThrownBy(() -> new AotTrainingRun(1, 0, Duration.ofSeconds(1)))
                .hasMessage("prefixes must be 1 to 1000000, not 0");
    }
}
