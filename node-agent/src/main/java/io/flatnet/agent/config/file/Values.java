package io.flatnet.agent.config.file;

import io.flatnet.agent.config.file.YamlNode.ScalarKind;
import io.flatnet.agent.config.file.YamlNode.YamlMap;
import io.flatnet.agent.config.file.YamlNode.YamlScalar;
import io.flatnet.agent.config.model.CommunityValue;
import io.flatnet.agent.config.model.InterfaceAddress;
import io.flatnet.agent.config.model.PeerAddress;
import io.flatnet.agent.config.model.YamlEnum;
import io.flatnet.agent.config.selector.Selector;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Converters from YAML values to model values. Each records a problem that says what was found
 * and what is expected, and returns null, when the value does not fit.
 */
final class Values {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    private Values() {}

    /** Converts one value found at {@code path}. */
    @FunctionalInterface
    interface Converter<T> {
        T convert(Context ctx, YamlNode node, String path);
    }

    static String string(Context ctx, YamlNode node, String path) {
        if (node instanceof YamlScalar s && s.kind() != ScalarKind.NULL && s.kind() != ScalarKind.BOOLEAN) {
            return s.text();
        }
        ctx.problem(node.line(), path, "expected a string, found " + node.describe());
        return null;
    }

    /** A resource name: lower-case letters, digits, '-' and '.', as Kubernetes names are. */
    static String name(Context ctx, YamlNode node, String path) {
        String s = string(ctx, node, path);
        if (s != null && (s.length() > 253 || !NAME.matcher(s).matches())) {
            ctx.problem(node.line(), path, "'" + s + "' is not a valid name; expected lower-case letters, digits,"
                    + " '-' and '.', starting and ending with a letter or digit (at most 253 characters)");
            return null;
        }
        return s;
    }

    static Asn asn(Context ctx, YamlNode node, String path) {
        if (node instanceof YamlScalar s && (s.kind() == ScalarKind.INTEGER || s.kind() == ScalarKind.STRING
                || s.kind() == ScalarKind.FLOAT)) {
            try {
                return Asn.parse(s.text());
            } catch (IllegalArgumentException e) {
                // fall through to the problem below
            }
        }
        ctx.problem(node.line(), path, node.describe() + " is not an AS number;"
                + " expected asplain 0..4294967295 or asdot a.b");
        return null;
    }

    static Boolean bool(Context ctx, YamlNode node, String path) {
        if (node instanceof YamlScalar s && s.kind() == ScalarKind.BOOLEAN) {
            return Boolean.parseBoolean(s.text());
        }
        ctx.problem(node.line(), path, node.describe() + " is not a boolean; expected true or false");
        return null;
    }

    static Converter<Integer> integer(int min, int max, String what) {
        return (ctx, node, path) -> {
            if (node instanceof YamlScalar s && s.kind() == ScalarKind.INTEGER) {
                try {
                    long v = Long.parseLong(s.text());
                    if (v >= min && v <= max) {
                        return (int) v;
                    }
                } catch (NumberFormatException e) {
                    // out of range of a long: reported below
                }
            }
            ctx.problem(node.line(), path, node.describe() + " is not " + what + "; expected a whole number "
                    + min + ".." + max);
            return null;
        };
    }

    static Duration duration(Context ctx, YamlNode node, String path) {
        if (node instanceof YamlScalar s && s.kind() != ScalarKind.NULL && s.kind() != ScalarKind.BOOLEAN) {
            try {
                return GoDuration.parse(s.text());
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        ctx.problem(node.line(), path, node.describe() + " is not a duration; expected a number with a unit,"
                + " such as 120s, 5m or 1h30m");
        return null;
    }

    /** Graceful restart times: whole seconds 0..4095 (the RFC 4724 field has 12 bits). */
    static Duration restartTime(Context ctx, YamlNode node, String path) {
        Duration d = duration(ctx, node, path);
        if (d != null && (d.toNanos() % 1_000_000_000L != 0 || d.toSeconds() > 4095)) {
            ctx.problem(node.line(), path, node.describe() + " is out of range; expected whole seconds 0s..4095s"
                    + " (the graceful restart time field has 12 bits)");
            return null;
        }
        return d;
    }

    /** A prefix without host bits: {@code 10.244.0.0/16}. */
    static IpPrefix cidr(Context ctx, YamlNode node, String path) {
        String s = string(ctx, node, path);
        if (s == null) {
            return null;
        }
        InterfaceAddress written;
        try {
            if (!s.contains("/")) {
                throw new IllegalArgumentException("no length");
            }
            written = InterfaceAddress.parse(s);
        } catch (IllegalArgumentException e) {
            ctx.problem(node.line(), path, "'" + s + "' is not a CIDR; expected an address and a prefix length,"
                    + " such as 10.244.0.0/16 or fd00:10::/64");
            return null;
        }
        IpPrefix prefix = written.subnet();
        if (!prefix.address().equals(written.address())) {
            ctx.problem(node.line(), path, "'" + s + "' has host bits set; expected " + prefix);
            return null;
        }
        return prefix;
    }

    static Converter<IpPrefix> cidrOf(Afi family) {
        return (ctx, node, path) -> {
            IpPrefix p = cidr(ctx, node, path);
            if (p != null && p.afi() != family) {
                ctx.problem(node.line(), path, "'" + p + "' is not an " + familyName(family) + " prefix; expected "
                        + familyName(family) + " in this list");
                return null;
            }
            return p;
        };
    }

    /** A node's BGP address with its subnet length: {@code 10.0.0.1/24}. */
    static Converter<InterfaceAddress> interfaceAddress(Afi family) {
        return (ctx, node, path) -> {
            String s = string(ctx, node, path);
            if (s == null) {
                return null;
            }
            try {
                InterfaceAddress a = InterfaceAddress.parse(s);
                if (a.address().afi() == family) {
                    return a;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            ctx.problem(node.line(), path, "'" + s + "' is not an " + familyName(family)
                    + " address; expected the node's address with its subnet length, such as "
                    + (family == Afi.IPV4 ? "10.0.0.11/24" : "fd00:0:0:1::11/64"));
            return null;
        };
    }

    static PeerAddress peerAddress(Context ctx, YamlNode node, String path) {
        String s = string(ctx, node, path);
        if (s == null) {
            return null;
        }
        try {
            return PeerAddress.parse(s);
        } catch (IllegalArgumentException e) {
            ctx.problem(node.line(), path, "'" + s + "' is not a peer address (" + e.getMessage()
                    + "); expected an IP address with an optional port: 100.64.0.1, 100.64.0.1:1179, fd00::1"
                    + " or [fd00::1]:1179");
            return null;
        }
    }

    /** A dotted quad, as route reflector cluster ids are written. */
    static RouterId dottedQuad(Context ctx, YamlNode node, String path) {
        String s = string(ctx, node, path);
        if (s == null) {
            return null;
        }
        try {
            return RouterId.parse(s);
        } catch (IllegalArgumentException e) {
            ctx.problem(node.line(), path, "'" + s + "' is not a cluster id; expected a dotted quad such as 244.0.0.1");
            return null;
        }
    }

    static Selector selector(Context ctx, YamlNode node, String path) {
        String s = string(ctx, node, path);
        if (s == null) {
            return null;
        }
        try {
            return Selector.parse(s);
        } catch (IllegalArgumentException e) {
            ctx.problem(node.line(), path, "selector \"" + s + "\" does not parse " + e.getMessage());
            return null;
        }
    }

    static CommunityValue community(Context ctx, YamlNode node, String path) {
        String s = string(ctx, node, path);
        if (s == null) {
            return null;
        }
        try {
            return CommunityValue.parse(s);
        } catch (IllegalArgumentException e) {
            ctx.problem(node.line(), path, "'" + s + "' is not a community; expected aa:nn (standard, 16-bit halves)"
                    + " or aa:nn:mm (large, 32-bit parts)");
            return null;
        }
    }

    static <E extends Enum<E> & YamlEnum> Converter<E> enumOf(Class<E> type) {
        return (ctx, node, path) -> {
            String s = string(ctx, node, path);
            if (s == null) {
                return null;
            }
            List<String> names = Arrays.stream(type.getEnumConstants()).map(YamlEnum::yamlName).toList();
            for (E e : type.getEnumConstants()) {
                if (e.yamlName().equals(s)) {
                    return e;
                }
            }
            String close = Suggestions.closest(s, names).map(c -> " (did you mean '" + c + "'?)").orElse("");
            ctx.problem(node.line(), path, "'" + s + "' is not allowed" + close + "; expected one of "
                    + String.join(", ", names));
            return null;
        };
    }

    /** {@code labels}: a mapping of names to values; the values are kept as written. */
    static Map<String, String> labels(Context ctx, YamlNode node, String path) {
        if (!(node instanceof YamlMap m)) {
            ctx.problem(node.line(), path, "expected a mapping of label names to values, found " + node.describe());
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (YamlNode.Entry e : m.entries().values()) {
            String v = string(ctx, e.value(), path + "." + e.key());
            if (v != null) {
                out.put(e.key(), v);
            }
        }
        return out;
    }

    static String familyName(Afi family) {
        return family == Afi.IPV4 ? "IPv4" : "IPv6";
    }
}
