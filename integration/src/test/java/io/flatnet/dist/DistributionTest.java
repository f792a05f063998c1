package io.flatnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution the integration module packages ({@code flatnet-VERSION.tar.gz}), unpacked with tar into a
 * temporary directory: its launchers run from there without Maven. The tarball exists once
 * node-agent's package phase ran ({@code ./mvnw package} or {@code verify}); under {@code ./mvnw
 * test} alone it does not, and this test says so and is skipped.
 */
class DistributionTest {

    record Run(int code, String output) {}

    static Path tarball() {
        String property = System.getProperty("flatnet.dist");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        return Path.of("target", "flatnet-" + System.getProperty("flatnet.version", "0.1.0-SNAPSHOT")
                + ".tar.gz");
    }

    static Run run(Path dir, List<String> command) throws IOException, InterruptedException {
        return run(dir, command, Map.of());
    }

    static Run run(Path dir, List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Run(p.exitValue(), out);
    }

    /** Unpacks the tarball into {@code tmp}; returns the distribution's home. */
    static Path unpack(Path tmp) throws IOException, InterruptedException {
        Path tarball = tarball().toAbsolutePath().normalize();
        // Failsafe runs this after the package phase, so a missing tarball is a packaging failure.
        assertThat(tarball).as("the distribution built by integration's package phase").isRegularFile();
        Run untar = run(tmp, List.of("tar", "-xzf", tarball.toString()));
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

        Run agent = run(tmp, List.of(home.resolve("bin/flatnet").toString(), "--help"));
        assertThat(agent.code()).as(agent.output()).isZero();
        assertThat(agent.output()).startsWith("Usage: flatnet ").contains("--api-socket=PATH", "--metrics-listen");
        Run version = run(tmp, List.of(home.resolve("bin/flatnet").toString(), "--version"));
        assertThat(version.output().strip()).isEqualTo("flatnet " + name.substring("flatnet-".length()));

        Run ctl = run(tmp, List.of(home.resolve("bin/flatnetctl").toString(), "--help"));
        assertThat(ctl.code()).as(ctl.output()).isZero();
        assertThat(ctl.output()).startsWith("Usage: flatnetctl ").contains("--socket=PATH", "get", "health", "version");
        Run noAgent = run(tmp, List.of(home.resolve("bin/flatnetctl").toString(), "--socket",
                tmp.resolve("none.sock").toString(), "node", "status"));
        assertThat(noAgent.code()).isEqualTo(1);
        assertThat(noAgent.output()).isEqualTo("flatnet process is not running: no socket at " + tmp.resolve("none.sock")
                + " (is the agent started? see --socket)\n");
    }

    @Test
    void trainAotWritesTheCacheThatTheNextStartMapsAndAnUpgradeRetires(@TempDir Path tmp) throws Exception {
        Path home = unpack(tmp);
        Path flatnet = home.resolve("bin/flatnet");
        Path cache = home.resolve("lib/flatnet.aot");

        Run train = run(tmp, List.of(flatnet.toString(), "train-aot", "6", "500"));
        assertThat(train.code()).as(train.output()).isZero();
        assertThat(train.output()).contains("flatnet AOT training: reflected 6 clients' blocks in",
                "relayed 500 routes in");
        assertThat(cache).isRegularFile();
        assertThat(Files.size(cache)).isGreaterThan(1 << 20);

        // The JVM's own log says whether the classes came linked from our cache: the JDK's
        // default archive, used otherwise, has none.
        Map<String, String> aotLog = Map.of("FLATNET_JAVA_OPTS", "-XX:+UseSerialGC -XX:PretenureSizeThreshold=256k"
                + " -Xss512k -Xlog:aot=info");
        Run start = run(tmp, List.of(flatnet.toString(), "--version"), aotLog);
        assertThat(start.code()).as(start.output()).isZero();
        assertThat(start.output()).contains("Using AOT-linked classes: true").endsWith("flatnet " + version(home) + "\n");

        // A jar newer than the cache (an upgrade) retires it: the launcher leaves it out and the
        // agent starts as it would without one.
        Path agentJar;
        try (var jars = Files.list(home.resolve("lib"))) {
            agentJar = jars.filter(p -> p.getFileName().toString().startsWith("node-agent-")).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(agentJar, FileTime.fromMillis(Files.getLastModifiedTime(cache).toMillis() + 60_000));
        Run afterUpgrade = run(tmp, List.of(flatnet.toString(), "--version"), aotLog);
        assertThat(afterUpgrade.code()).as(afterUpgrade.output()).isZero();
        assertThat(afterUpgrade.output()).contains("Using AOT-linked classes: false").doesNotContain("error");
    }

    private static String version(Path home) {
        return home.getFileName().toString().substring("flatnet-".length());
    }
}
