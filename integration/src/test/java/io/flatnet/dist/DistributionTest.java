package io.flatnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution the integration module packages ({@code flatnet-VERSION.tar.gz}), unpacked with tar into a
 * temporary directory: its launchers run from there without Maven. The tarball exists once
 * node-agent's package phase ran ({@code ./mvnw package} or {@code verify}); under {@code ./mvnw
 * test} alone it does not, and this test says so and is skipped.
 */
class DistributionTest {

    static Path tarball() {
        String property = System.getProperty("flatnet.dist");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        return Path.of("target", "flatnet-" + System.getProperty("flatnet.version", "0.1.0-SNAPSHOT")
                + ".tar.gz");
    }

    /** Unpacks the tarball into {@code tmp}; returns the distribution's home. */
    static Path unpack(Path tmp) throws IOException, InterruptedException {
        Path tarball = tarball().toAbsolutePath().normalize();
        // Failsafe runs this after the package phase, so a missing tarball is a packaging failure.
        assertThat(tarball).as("the distribution built by integration's package phase").isRegularFile();
        LauncherRun untar = LauncherRun.run(tmp, List.of("tar", "-xzf", tarball.toString()));
        assertThat(untar.code()).as(untar.output()).isZero();
        return tmp.resolve(tarball.getFileName().toString().replace(".tar.gz", ""));
    }

    @Test
    void launchersRunFromTheUnpackedTarball(@TempDir Path tmp) throws Exception {
        Path home = unpack(tmp);
        String name = home.getFileName().toString();

        assertThat(home.resolve("bin/flatnet")).isExecutable();
        assertThat(home.resolve("bin/flatnetctl")).isExecutable();
        assertThat(home.resolve("LICENSE")).isRegularFile();
        assertThat(home.resolve("README.md")).isRegularFile();
        assertThat(home.resolve("deploy/flatnet.example.yaml")).isRegularFile();
        assertThat(Files.readString(home.resolve("deploy/systemd/flatnet.service")))
                .contains("ExecStart=/opt/flatnet/bin/flatnet --config /etc/flatnet/flatnet.yaml --node-name %H",
                        "RuntimeDirectory=flatnet", "Restart=on-failure");
        try (var jars = Files.list(home.resolve("lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString()).toList())
                    .anyMatch(j -> j.startsWith("node-agent-")).anyMatch(j -> j.startsWith("cli-"))
                    .anyMatch(j -> j.startsWith("bgp-speaker-")).anyMatch(j -> j.startsWith("jackson-dataformat-yaml-"))
                    .noneMatch(j -> j.startsWith("junit") || j.startsWith("assertj"));
        }

        LauncherRun agent = LauncherRun.run(tmp, List.of(home.resolve("bin/flatnet").toString(), "--help"));
        assertThat(agent.code()).as(agent.output()).isZero();
        assertThat(agent.output()).startsWith("Usage: flatnet ").contains("--api-socket=PATH", "--metrics-listen");
        LauncherRun version = LauncherRun.run(tmp, List.of(home.resolve("bin/flatnet").toString(), "--version"));
        assertThat(version.output().strip()).isEqualTo("flatnet " + name.substring("flatnet-".length()));

        LauncherRun ctl = LauncherRun.run(tmp, List.of(home.resolve("bin/flatnetctl").toString(), "--help"));
        assertThat(ctl.code()).as(ctl.output()).isZero();
        assertThat(ctl.output()).startsWith("Usage: flatnetctl ").contains("--socket=PATH", "get", "health", "version");
        LauncherRun noAgent = LauncherRun.run(tmp, List.of(home.resolve("bin/flatnetctl").toString(), "--socket",
                tmp.resolve("none.sock").toString(), "node", "status"));
        assertThat(noAgent.code()).isEqualTo(1);
        assertThat(noAgent.output()).isEqualTo("flatnet process is not running: no socket at " + tmp.resolve("none.sock")
                + " (is the agent started? see --socket)\n");
    }

    @Test
    void trainAotWritesTheCacheThatTheNextStartMapsAndAnUpgradeRetires(@TempDir Path tmp) throws Exception {
        Path home = unpack(tmp);
        String flatnet = home.resolve("bin/flatnet").toString();
        Path cache = home.resolve("lib/flatnet.aot");

        LauncherRun train = LauncherRun.run(tmp, List.of(flatnet, "train-aot", "6", "500"));
        assertThat(train.code()).as(train.output()).isZero();
        assertThat(train.output()).contains("flatnet AOT training: reflected 6 clients' blocks in",
                "relayed 500 routes in", "wrote " + cache);
        assertThat(cache).isRegularFile();
        assertThat(Files.size(cache)).isGreaterThan(1 << 20);

        // The JVM's own log says whether the classes came linked from our cache: the JDK's
        // default archive, used otherwise, has none. The launcher's own flags stay as they are.
        Map<String, String> aotLog = Map.of("JAVA_TOOL_OPTIONS", "-Xlog:aot=info");
        LauncherRun start = LauncherRun.run(tmp, List.of(flatnet, "--version"), aotLog);
        assertThat(start.code()).as(start.output()).isZero();
        assertThat(start.output()).contains("Using AOT-linked classes: true").doesNotContain("error")
                .endsWith("flatnet " + version(home) + "\n");

        // A training run that fails (here: a size out of range) writes nothing and keeps the cache.
        FileTime trained = Files.getLastModifiedTime(cache);
        LauncherRun badSize = LauncherRun.run(tmp, List.of(flatnet, "train-aot", "0"));
        assertThat(badSize.code()).as(badSize.output()).isEqualTo(64);
        assertThat(badSize.output()).contains("usage: flatnet train-aot [CLIENTS [ROUTES]]", "clients must be 1 to 250, not 0",
                "no cache written, " + cache + " kept as it was");
        assertThat(Files.getLastModifiedTime(cache)).isEqualTo(trained);
        assertThat(home.resolve("lib/flatnet.aot.tmp")).doesNotExist();
        assertThat(LauncherRun.run(tmp, List.of(flatnet, "--version"), aotLog).output())
                .contains("Using AOT-linked classes: true");

        // An upgraded jar retires the cache: the launcher says so and starts without it, as the
        // JVM would refuse it.
        Path agentJar;
        try (var jars = Files.list(home.resolve("lib"))) {
            agentJar = jars.filter(p -> p.getFileName().toString().startsWith("node-agent-")).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(agentJar, FileTime.fromMillis(trained.toMillis() + 60_000));
        LauncherRun afterUpgrade = LauncherRun.run(tmp, List.of(flatnet, "--version"), aotLog);
        assertThat(afterUpgrade.code()).as(afterUpgrade.output()).isZero();
        assertThat(afterUpgrade.output()).contains("flatnet: " + cache + " was trained for other jars or another JDK:"
                + " starting without it", "Using AOT-linked classes: false").doesNotContain("error");
    }

    private static String version(Path home) {
        return home.getFileName().toString().substring("flatnet-".length());
    }
}
