package io.flatnet.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.model.AddressFamily;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the UPDATE cases of the malformed corpus (numbers 100-199) through {@link UpdateDecoder}
 * alone: the header is checked to be a well-formed UPDATE header and skipped. The full-path
 * runner in the message codec runs the same files through the frame decoder.
 */
class UpdateCorpusTest {
    private static final String CORPUS = "/io/flatnet/bgp/wire/malformed";

    @Test
    void corpusIsThere() throws Exception {
        assertThat(updateCases()).hasSizeGreaterThanOrEqualTo(30);
    }

    @TestFactory
    Stream<DynamicTest> everyUpdateCase() throws Exception {
        return updateCases().stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> run(path)));
    }

    private static List<Path> updateCases() throws IOException, URISyntaxException {
        URL dir = UpdateCorpusTest.class.getResource(CORPUS);
        assertThat(dir).as("corpus directory " + CORPUS).isNotNull();
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            return files.filter(p -> p.getFileName().toString().matches("1\\d\\d-.*\\.case")).sorted().toList();
        }
    }

    private static void run(Path file) throws Exception {
        Case c = Case.parse(Files.readAllLines(file));
        byte[] message = c.message;
        assertThat(message.length).as("message holds a header").isGreaterThanOrEqualTo(CodecContext.HEADER_LENGTH);
        for (int i = 0; i < 16; i++) {
            assertThat(message[i]).as("marker octet " + i).isEqualTo((byte) 0xFF);
        }
        assertThat(((message[16] & 0xFF) << 8) | (message[17] & 0xFF)).as("header length field").isEqualTo(message.length);
        assertThat(message[18]).as("message type UPDATE").isEqualTo((byte) 2);
        ByteBuf body = WireFixtures.buf(HexFormat.of().formatHex(message, CodecContext.HEADER_LENGTH, message.length));

        if (c.expect == ErrorAction.SESSION_RESET) {
            assertThatThrownBy(() -> UpdateDecoder.decode(body, c.context))
                    .isInstanceOfSatisfying(BgpWireException.class, e -> {
                        assertThat(e.error().action()).isEqualTo(ErrorAction.SESSION_RESET);
                        assertThat(e.error().code().code() + "/" + e.error().code().subcode()).isEqualTo(c.codeSubcode);
                        if (c.data != null) {
                            assertThat(e.error().data().toHex()).isEqualTo(c.data);
                        }
                    });
        } else {
            Decoded decoded = UpdateDecoder.decode(body, c.context);
            assertThat(decoded.action()).as("errors: %s", decoded.errors()).isEqualTo(c.expect);
        }
    }

    /** One parsed .case file. */
    private record Case(CodecContext context, byte[] message, ErrorAction expect, String codeSubcode, String data) {

        static Case parse(List<String> lines) {
            CodecContext context = CodecContext.INITIAL;
            StringBuilder hex = new StringBuilder();
            ErrorAction expect = null;
            String codeSubcode = null;
            String data = null;
            for (String raw : lines) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String key = line.substring(0, colon).strip();
                String value = line.substring(colon + 1).strip();
                switch (key) {
                    case "context" -> context = context(value);
                    case "hex" -> hex.append(value.replaceAll("\\s+", ""));
                    case "expect" -> {
                        String[] parts = value.split("\\s+");
                        expect = ErrorAction.valueOf(parts[0]);
                        codeSubcode = parts.length > 1 ? parts[1] : null;
                    }
                    case "data" -> data = value.replaceAll("\\s+", "").toLowerCase();
                    default -> throw new IllegalArgumentException("unknown key '" + key + "'");
                }
            }
            if (expect == null || hex.isEmpty()) {
                throw new IllegalArgumentException("a case needs hex: and expect:");
            }
            return new Case(context, HexFormat.of().parseHex(hex), expect, codeSubcode, data);
        }

        private static CodecContext context(String tokens) {
            boolean fourOctetAs = false;
            boolean extendedMessages = false;
            boolean ibgp = false;
            Set<AddressFamily> addPath = new HashSet<>();
            Set<AddressFamily> families = Set.of(AddressFamily.IPV4_UNICAST);
            for (String token : tokens.split("\\s+")) {
                if (token.equals("four-octet-as")) {
                    fourOctetAs = true;
                } else if (token.equals("extended-messages")) {
                    extendedMessages = true;
                } else if (token.equals("ibgp")) {
                    ibgp = true;
                } else if (token.startsWith("add-path-rx=")) {
                    addPath.add(family(token.substring("add-path-rx=".length())));
                } else if (token.startsWith("families=")) {
                    families = new HashSet<>();
                    for (String f : token.substring("families=".length()).split(",")) {
                        families.add(family(f));
                    }
                } else {
                    throw new IllegalArgumentException("unknown context token '" + token + "'");
                }
            }
            return new CodecContext(fourOctetAs, extendedMessages, addPath, Set.of(), Set.of(), families, ibgp);
        }

        private static AddressFamily family(String name) {
            return switch (name) {
                case "ipv4-unicast" -> AddressFamily.IPV4_UNICAST;
                case "ipv6-unicast" -> AddressFamily.IPV6_UNICAST;
                default -> throw new IllegalArgumentException("unknown family '" + name + "'");
            };
        }
    }
}
