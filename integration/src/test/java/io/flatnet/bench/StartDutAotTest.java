package io.flatnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/start-dut --train-aot}, the benchmark's AOT cache, against what {@code package}
 * left in {@code target/}: the training run writes a cache, and the next start of the device
 * under test maps it. Failsafe runs this after the package phase.
 */
class StartDutAotTest {
    record Run(int code, String output) {
    }

    private static Run run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void theTrainedCacheIsMappedByTheNextStart(@TempDir Path tmp) throws Exception {
        String startDut = Path.of("bench", "start-dut").toAbsolutePath().toString();
        Path cache = tmp.resolve("bench.aot");

        Run train = run(List.of(startDut, "--train-aot", "6", "500"),
                Map.of("FLATNET_BENCH_AOT_CACHE", cache.toString()));
        assertThat(train.code()).as(train.output()).isZero();
        assertThat(train.output()).contains("flatnet AOT training: reflected 6 clients' blocks in");
        assertThat(cache).isRegularFile();

        // No scenario file: the DUT stops at reading it, after the JVM has said whether it mapped
        // the cache (the JDK's default archive, used otherwise, has no linked classes).
        Path missing = tmp.resolve("no-scenario.json");
        Run start = run(List.of(startDut, missing.toString()), Map.of("FLATNET_BENCH_AOT_CACHE", cache.toString(),
                "FLATNET_BENCH_JAVA_OPTS", "-XX:+UseSerialGC -XX:PretenureSizeThreshold=256k -XX:TieredStopAtLevel=1"
                        + " -XX:CompileThresholdScaling=0.25 -Xmx112m -Xmn16m -Xss512k -XX:ReservedCodeCacheSize=64m"
                        + " -Xlog:aot=info"));
        assertThat(start.output()).contains("flatnet bench DUT: AOT cache " + cache, "Using AOT-linked classes: true",
                "NoSuchFileException: " + missing);

        Run without = run(List.of(startDut, missing.toString()), Map.of("FLATNET_BENCH_AOT_CACHE", cache.toString(),
                "FLATNET_BENCH_AOT", "0", "FLATNET_BENCH_JAVA_OPTS", "-XX:+UseSerialGC -Xlog:aot=info"));
        assertThat(without.output()).doesNotContain("flatnet bench DUT: AOT cache")
                .contains("Using AOT-linked classes: false");
        assertThat(Files.exists(cache)).isTrue();
    }
}
