package io.flatnet.badinput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One file of bgp-speaker's malformed corpus, read as a live test needs it: the bytes, the
 * negotiated context as its tokens (the live sender reproduces them in its OPEN), the expected
 * action and NOTIFICATION. The format is the corpus README's; the decision table it pins is the
 * one in {@code io.flatnet.bgp.wire}'s package-info, so the live suite has no table of its own.
 *
 * <p>The corpus puts every route at 10.1.0.0/24 or 2001:db8:1::/64; {@link #withPrefix} moves
 * it to a prefix of the test's choosing, octet for octet the same length, so each live case is
 * told apart by its own prefix.
 *
 * @param expectCode "c/s" or empty
 * @param data expected NOTIFICATION data in hex, or null when the case does not say
 */
record CorpusCase(String name, Set<String> context, String hex, String action, String expectCode, String data) {
    /** bgp-speaker's corpus, from the integration module's directory (where surefire runs). */
    static final Path DIRECTORY = Path.of("..", "bgp-speaker", "src", "test", "resources", "io", "flatnet", "bgp", "wire",
            "malformed");
    /** The AS every corpus AS_PATH and OPEN names (0xfde9). */
    static final long CORPUS_AS = 65001;
    static final String CORPUS_V4 = "180a0100";
    static final String CORPUS_V6 = "4020010db800010000";

    static List<CorpusCase> all() {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".case")).sorted().map(CorpusCase::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the malformed corpus at " + DIRECTORY.toAbsolutePath(), e);
        }
    }

    static CorpusCase parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder hex = new StringBuilder();
        Set<String> context = Set.of();
        String expect = null;
        String data = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String value = line.substring(colon + 1).strip();
            switch (line.substring(0, colon)) {
                case "context" -> context = Set.of(value.split("\\s+"));
                case "hex" -> hex.append(value.replaceAll("\\s+", ""));
                case "expect" -> expect = value;
                case "data" -> data = value;
                default -> throw new IllegalArgumentException(file + ": " + raw);
            }
        }
        if (expect == null || hex.isEmpty()) {
            throw new IllegalArgumentException(file + ": no hex or no expect line");
        }
        String[] outcome = expect.split("\\s+");
        String name = file.getFileName().toString().replace(".case", "");
        return new CorpusCase(name, context, hex.toString(), outcome[0], outcome.length > 1 ? outcome[1] : "", data);
    }

    int type() {
        return Integer.parseInt(hex.substring(36, 38), 16);
    }

    boolean isUpdate() {
        return name.contains("-update-");
    }

    boolean isOpen() {
        return name.contains("-open-") && type() == RawPeer.OPEN;
    }

    /**
     * A NOTIFICATION, even a broken one (marker intact, type 3): RFC 4271 §6.4 forbids answering
     * it with another, so the agent just closes, whatever the corpus's decoder verdict says.
     */
    boolean isNotification() {
        return hex.startsWith("f".repeat(32)) && type() == RawPeer.NOTIFICATION;
    }

    boolean internalOnly() {
        return context.contains("ibgp");
    }

    /** The corpus says by its name that the case is about an external peer. */
    boolean externalOnly() {
        return name.contains("ebgp");
    }

    boolean fourOctetAs() {
        return context.contains("four-octet-as");
    }

    boolean ipv6() {
        return context.stream().anyMatch(t -> t.startsWith("families=") && t.contains("ipv6-unicast"));
    }

    boolean addPath() {
        return context.stream().anyMatch(t -> t.startsWith("add-path-rx="));
    }

    boolean extendedMessages() {
        return context.contains("extended-messages");
    }

    boolean mentionsV4() {
        return hex.contains(CORPUS_V4);
    }

    boolean mentionsV6() {
        return hex.contains(CORPUS_V6);
    }

    int code() {
        return Integer.parseInt(expectCode.split("/")[0]);
    }

    int subcode() {
        return Integer.parseInt(expectCode.split("/")[1]);
    }

    /** The message with the corpus prefixes replaced by {@code v4} (4 hex octets) and {@code v6} (9). */
    byte[] withPrefix(String v4, String v6) {
        return HexFormat.of().parseHex(substitute(hex, v4, v6));
    }

    String dataWithPrefix(String v4, String v6) {
        return data == null ? null : substitute(data, v4, v6);
    }

    private static String substitute(String hex, String v4, String v6) {
        return replaceAligned(replaceAligned(hex, CORPUS_V4, v4), CORPUS_V6, v6);
    }

    /** Replaces at octet boundaries only, so a match straddling two octets is left alone. */
    private static String replaceAligned(String hex, String from, String to) {
        StringBuilder sb = new StringBuilder(hex);
        for (int i = sb.indexOf(from); i >= 0; i = sb.indexOf(from, i + 1)) {
            if (i % 2 == 0) {
                sb.replace(i, i + from.length(), to);
            }
        }
        return sb.toString();
    }

    /** The message's MP attribute (14 or 15) AFI, found by walking the attributes as far as they go. */
    int mpAfi() {
        byte[] m = HexFormat.of().parseHex(hex);
        if (m.length < 23) {
            return 0;
        }
        int withdrawn = ((m[19] & 0xff) << 8) | (m[20] & 0xff);
        int at = 21 + withdrawn;
        if (at + 2 > m.length) {
            return 0;
        }
        int end = Math.min(m.length, at + 2 + (((m[at] & 0xff) << 8) | (m[at + 1] & 0xff)));
        at += 2;
        while (at + 3 <= end) {
            int flags = m[at] & 0xff;
            int type = m[at + 1] & 0xff;
            boolean extended = (flags & 0x10) != 0;
            int headerLength = extended ? 4 : 3;
            if (at + headerLength > end) {
                return 0;
            }
            int length = extended ? ((m[at + 2] & 0xff) << 8) | (m[at + 3] & 0xff) : m[at + 2] & 0xff;
            int value = at + headerLength;
            if ((type == 14 || type == 15) && value + 2 <= m.length) {
                return ((m[value] & 0xff) << 8) | (m[value + 1] & 0xff);
            }
            at = value + length;
        }
        return 0;
    }

    /** Whether the corpus IPv4 prefix sits in the Withdrawn Routes field or the IPv6 one in MP_UNREACH_NLRI. */
    boolean withdrawsItsPrefix() {
        byte[] m = HexFormat.of().parseHex(hex);
        int withdrawn = ((m[19] & 0xff) << 8) | (m[20] & 0xff);
        int v4 = hex.indexOf(CORPUS_V4) / 2;
        if (mentionsV4() && v4 >= 21 && v4 < 21 + withdrawn) {
            return true;
        }
        // MP_UNREACH_NLRI (flags 0x80 or 0x90, type 15) just before the IPv6 prefix's family header.
        return mentionsV6() && hex.indexOf("800f") >= 0 && hex.indexOf("800f") < hex.indexOf(CORPUS_V6)
                && (hex.indexOf("800e") < 0 || hex.indexOf("800e") > hex.indexOf(CORPUS_V6));
    }

    @Override
    public String toString() {
        return name + " -> " + action + (expectCode.isEmpty() ? "" : " " + expectCode);
    }
}
