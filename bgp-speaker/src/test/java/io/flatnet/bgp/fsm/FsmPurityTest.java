package io.flatnet.bgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the FSM a pure function the session can rely on: JDK imports only (or flatnet's
 * {@code model}), and no clock, thread or I/O.
 */
class FsmPurityTest {

    private static final Path SOURCES = Path.of("src/main/java/io/flatnet/bgp/fsm");
    private static final Pattern ALLOWED_IMPORT =
            Pattern.compile("import (static )?(java\\.(lang|time|util)\\.|io\\.flatnet\\.bgp\\.(fsm|model)\\.).*");
    private static final List<String> FORBIDDEN = List.of(
            "System.nanoTime", "System.currentTimeMillis", "Instant.now", "Clock", "Thread", "Executor",
            "synchronized", "java.io", "java.nio", "java.net");

    @Test
    void usesOnlyTheJdkAndNoClockThreadsOrIo() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.list(SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(files).as("fsm sources under %s", SOURCES.toAbsolutePath()).hasSizeGreaterThan(10);

        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                String code = line.strip();
                if (code.startsWith("import ")) {
                    assertThat(code).as("import in %s", file.getFileName()).matches(ALLOWED_IMPORT);
                }
                if (!code.startsWith("*") && !code.startsWith("//") && !code.startsWith("/**")) {
                    for (String word : FORBIDDEN) {
                        assertThat(code).as("%s in %s", word, file.getFileName()).doesNotContain(word);
                    }
                }
            }
        }
    }
}
