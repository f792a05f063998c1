package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One file of the malformed corpus, parsed. The format is described in the corpus directory's
 * README.md; anything that does not follow it is an {@link IllegalArgumentException}, so a typo
 * in a case fails loudly instead of testing nothing.
 *
 * @param code the expected NOTIFICATION code, required for SESSION_RESET, optional otherwise
 * @param data the expected NOTIFICATION data, or {@code null} when the case does not say
 */
record MalformedCase(String name, CodecContext context, Bytes message, ErrorAction action, NotificationCode code, Bytes data) {

    static MalformedCase parse(Path file) throws IOException {
        String name = file.getFileName().toString();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        CodecContext context = null;
        StringBuilder hex = new StringBuilder();
        String expect = null;
        Bytes data = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String key = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).strip();
            switch (key) {
                case "context" -> {
                    require(context == null, name, "more than one context line");
                    context = parseContext(value, name);
                }
                case "hex" -> hex.append(value);
                case "expect" -> {
                    require(expect == null, name, "more than one expect line");
                    expect = value;
                }
                case "data" -> {
                    require(data == null, name, "more than one data line");
                    data = Bytes.fromHex(value);
                }
                default -> throw new IllegalArgumentException(name + ": unexpected line '" + raw + "'");
            }
        }
        require(!hex.isEmpty(), name, "no hex line");
        require(expect != null, name, "no expect line");
        String[] outcome = expect.split("\\s+");
        require(outcome.length <= 2, name, "expect takes an action and an optional code/subcode");
        ErrorAction action = ErrorAction.valueOf(outcome[0]);
        NotificationCode code = outcome.length == 2 ? parseCode(outcome[1], name) : null;
        require(action != ErrorAction.SESSION_RESET || code != null, name, "SESSION_RESET needs its code/subcode");
        return new MalformedCase(name, context != null ? context : CodecContext.INITIAL, Bytes.fromHex(hex.toString()),
                action, code, data);
    }

    private static NotificationCode parseCode(String text, String name) {
        String[] parts = text.split("/");
        require(parts.length == 2, name, "code/subcode expected, not '" + text + "'");
        NotificationCode code = NotificationCode.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        require(code != null, name, "no NotificationCode for " + text);
        return code;
    }

    private static CodecContext parseContext(String tokens, String name) {
        boolean fourOctetAs = false;
        boolean extendedMessages = false;
        boolean internal = false;
        Set<AddressFamily> addPathReceive = new HashSet<>();
        Set<AddressFamily> families = CodecContext.INITIAL.families();
        for (String token : tokens.split("\\s+")) {
            switch (token) {
                case "four-octet-as" -> fourOctetAs = true;
                case "extended-messages" -> extendedMessages = true;
                case "ibgp" -> internal = true;
                default -> {
                    if (token.startsWith("add-path-rx=")) {
                        addPathReceive.addAll(parseFamilies(token.substring("add-path-rx=".length()), name));
                    } else if (token.startsWith("families=")) {
                        families = parseFamilies(token.substring("families=".length()), name);
                    } else {
                        throw new IllegalArgumentException(name + ": unknown context token '" + token + "'");
                    }
                }
            }
        }
        return new CodecContext(fourOctetAs, extendedMessages, addPathReceive, Set.of(), Set.of(), families, internal);
    }

    private static Set<AddressFamily> parseFamilies(String list, String name) {
        Set<AddressFamily> out = new HashSet<>();
        for (String family : list.split(",")) {
            switch (family) {
                case "ipv4-unicast" -> out.add(AddressFamily.IPV4_UNICAST);
                case "ipv6-unicast" -> out.add(AddressFamily.IPV6_UNICAST);
                default -> throw new IllegalArgumentException(name + ": unknown family '" + family + "'");
            }
        }
        return out;
    }

    private static void require(boolean ok, String name, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(name + ": " + problem);
        }
    }
}
