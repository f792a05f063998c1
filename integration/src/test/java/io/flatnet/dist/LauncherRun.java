package io.flatnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a launcher script (or any command) for the tests that check what users run: output
 * (stdout and stderr together) collected in a file, so a process that never ends fails the test
 * at the timeout instead of hanging the build; and an environment cleared of the caller's
 * {@code FLATNET_*} and {@code JAVA_TOOL_OPTIONS} settings, so a developer's shell cannot change
 * what is tested.
 *
 * @param code   the exit status
 * @param output what the command wrote
 */
public record LauncherRun(int code, String output) {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    public static LauncherRun run(Path dir, List<String> command) throws IOException, InterruptedException {
        return run(dir, command, Map.of());
    }

    public static LauncherRun run(Path dir, List<String> command, Map<String, String> env)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("launcher-run", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().keySet().removeIf(k -> k.startsWith("FLATNET_") || k.equals("JAVA_TOOL_OPTIONS"));
            builder.environment().putAll(env);
            Process p = builder.start();
            boolean ended = p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!ended) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(ended).as("%s finished within %s; output:%n%s", command, TIMEOUT, output).isTrue();
            return new LauncherRun(p.exitValue(), output);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
