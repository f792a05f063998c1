package io.flatnet.agent.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The training run on loopback, small: it must converge in both phases, because a cache trained
 * on a run that stalled would hold the classes of a stall; it must say so when it does not; and
 * it must leave no speaker thread behind either way, or the JVM, which writes the cache as it
 * exits, would not exit. The JVM side ({@code -XX:AOTCacheOutput}, a later start mapping the
 * cache, a failed run keeping no cache) is covered where the launchers are: {@code
 * DistributionTest} and {@code StartDutAotTest} in the integration module.
 */
class AotTrainingRunTest {
    @Test
    void bothPhasesConvergeOnLoopbackAndLeaveNoSpeakerThread() throws InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        AotTrainingRun.Result result = new AotTrainingRun(12, 3_000, Duration.ofSeconds(60)).run();

        assertThat(result.reflection()).isPositive();
        assertThat(result.relay()).isPositive();
        assertThat(speakerThreadsLeft(before)).isEmpty();
    }

    @Test
    void aWaitThatRunsOutOfPatienceFailsTheRunNamesItAndClosesEverySpeaker() throws InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        // No patience at all: the first wait gives up before any client can have learned anything.
        assertThatThrownBy(() -> new AotTrainingRun(2, 10, Duration.ZERO).run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("timed out")
                .hasMessageContaining("every client to learn the other clients' 4 blocks");
        assertThat(speakerThreadsLeft(before)).isEmpty();
    }

    @Test
    void sizesOutsideTheLoopbackPlanAreRefused() {
        assertThatThrownBy(() -> new AotTrainingRun(251, 10, Duration.ofSeconds(1)))
                .hasMessage("clients must be 1 to 250, not 251");
        assertThatThrownBy(() -> new AotTrainingRun(1, 0, Duration.ofSeconds(1)))
                .hasMessage("prefixes must be 1 to 1000000, not 0");
        assertThatThrownBy(() -> new AotTrainingRun(1, 1, Duration.ofSeconds(-1)))
                .hasMessage("patience must not be negative, not PT-1S");
    }

    /** Non-daemon speaker threads started since {@code before} and still alive after a grace period. */
    private static List<String> speakerThreadsLeft(Set<Thread> before) throws InterruptedException {
        List<String> left = List.of();
        for (int attempt = 0; attempt < 50; attempt++) {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
                    .filter(t -> t.getName().startsWith("flatnet-"))
                    .map(Thread::getName).toList();
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        return left;
    }
}
