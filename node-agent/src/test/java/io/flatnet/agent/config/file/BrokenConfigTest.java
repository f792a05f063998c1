package io.flatnet.agent.config.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.agent.config.ConfigException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The broken-file corpus: each file under {@code config/broken/} starts with
 * {@code # expect: MESSAGE}, the one exact message loading it must give.
 */
class BrokenConfigTest {

    static Stream<Path> corpus() throws IOException, URISyntaxException {
        Path dir = Path.of(BrokenConfigTest.class.getResource("/config/broken").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void theCorpusIsThere() throws Exception {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(15);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedWithItsMessage(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.getFirst()).startsWith("# expect: ");
        String expected = lines.getFirst().substring("# expect: ".length());
        String name = file.getFileName().toString();
        assertThatThrownBy(() -> ConfigFileLoader.parse(name, Files.readString(file)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(expected);
    }
}
