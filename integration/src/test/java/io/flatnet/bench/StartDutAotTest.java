package io.flatnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.dist.LauncherRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/start-dut --train-aot}, the benchmark's AOT cache, against what {@code package}
 * left in {@code target/}: the training run writes a cache, the next start of the device under
 * test maps it, and {@code FLATNET_BENCH_AOT=0} starts without it. Failsafe runs this after the
 * package phase.
 */
class StartDutAotTest {
    @Test
    void theTrainedCacheIsMappedByTheNextStartUnlessTurnedOff(@TempDir Path tmp) throws Exception {
        String startDut = Path.of("bench", "start-dut").toAbsolutePath().toString();
        Path cache = tmp.resolve("bench.aot");
        Map<String, String> ourCache = Map.of("FLATNET_BENCH_AOT_CACHE", cache.toString());

        LauncherRun train = LauncherRun.run(tmp, List.of(startDut, "--train-aot", "6", "500"), ourCache);
        assertThat(train.code()).as(train.output()).isZero();
        assertThat(train.output()).contains("flatnet AOT training: reflected 6 clients' blocks in", "wrote " + cache);
        assertThat(cache).isRegularFile();

        // No scenario file: the DUT stops at reading it, after the JVM has said whether it mapped
        // the cache (the JDK's default archive, used otherwise, has no linked classes). start-dut's
        // own flags stay as they are.
        Path missing = tmp.resolve("no-scenario.json");
        LauncherRun start = LauncherRun.run(tmp, List.of(startDut, missing.toString()),
                Map.of("FLATNET_BENCH_AOT_CACHE", cache.toString(), "JAVA_TOOL_OPTIONS", "-Xlog:aot=info"));
        assertThat(start.code()).isNotZero();
        assertThat(start.output()).contains("flatnet bench DUT: AOT cache " + cache, "Using AOT-linked classes: true",
                "NoSuchFileException: " + missing).doesNotContain("[error]");

        LauncherRun turnedOff = LauncherRun.run(tmp, List.of(startDut, missing.toString()),
                Map.of("FLATNET_BENCH_AOT_CACHE", cache.toString(), "FLATNET_BENCH_AOT", "0",
                        "JAVA_TOOL_OPTIONS", "-Xlog:aot=info"));
        assertThat(turnedOff.output()).doesNotContain("flatnet bench DUT: AOT cache")
                .contains("Using AOT-linked classes: false", "NoSuchFileException: " + missing);
    }
}
