package io.flatnet.agent;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.PeerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one {@code --peer} value: {@code ADDRESS,as=ASN[,port=N][,password=KEY][,passive]
 * [,hold=SECONDS][,ttl-security=HOPS][,max-prefixes=N][,policy=defaults|none][,next-hop6=IPV6]
 * [,next-hop4=IPV4]}. {@code next-hop6} is our next hop for IPv6 routes on an IPv4 session
 * (without it they are not sent there), {@code next-hop4} for IPv4 routes on an IPv6 session
 * without RFC 8950. Without
 * {@code policy=defaults} (Calico's: accept what the peer sends, send it our own prefixes) an
 * eBGP peer gets and accepts nothing (RFC 8212); iBGP peers get the defaults either way. Errors name the option, the part that is
 * wrong and what is expected, so a typo never starts a half-configured agent.
 */
final class PeerSpec {
    private PeerSpec() {}

    static PeerConfig parse(String spec) {
        String[] parts = spec.split(",");
        IpAddress address;
        try {
            address = IpAddress.parse(parts[0]);
        } catch (IllegalArgumentException e) {
            throw bad(spec, "'" + parts[0] + "' is not an IP address; the value starts with the peer's address");
        }
        Asn asn = null;
        PeerConfig.Builder b = null;
        Integer port = null;
        String password = null;
        boolean passive = false;
        Duration hold = null;
        int ttlSecurity = 0;
        long maxPrefixes = 0;
        PeerPolicy policy = PeerPolicy.none();
        IpAddress nextHop6 = null;
        IpAddress nextHop4 = null;
        for (Setting s : settings(parts)) {
            try {
                switch (s.key()) {
                    case "as", "asn" -> asn = Asn.parse(s.value());
                    case "port" -> port = Integer.parseInt(s.value());
                    case "password" -> password = s.value();
                    case "passive" -> passive = true;
                    case "hold" -> hold = Duration.ofSeconds(Long.parseLong(s.value()));
                    case "ttl-security" -> ttlSecurity = Integer.parseInt(s.value());
                    case "max-prefixes" -> maxPrefixes = Long.parseLong(s.value());
                    case "policy" -> policy = policy(s.value());
                    case "next-hop6" -> nextHop6 = IpAddress.parse(s.value());
                    case "next-hop4" -> nextHop4 = IpAddress.parse(s.value());
                    default -> throw s.unknown("as, port, password, passive, hold, ttl-security, max-prefixes, policy,"
                            + " next-hop6, next-hop4");
                }
            } catch (NumberFormatException e) {
                throw bad(spec, "'" + s.text() + "' needs a number after '='");
            } catch (IllegalArgumentException e) {
                throw bad(spec, e.getMessage());
            }
        }
        if (asn == null) {
            throw bad(spec, "the peer's AS is missing: add ',as=NUMBER'");
        }
        b = PeerConfig.builder(address, asn).passive(passive).md5Password(password).ttlSecurityHops(ttlSecurity)
                .maxPrefixes(maxPrefixes).policy(policy)
                .ipv6NextHop(nextHop6).ipv4NextHop(nextHop4);
        if (port != null) {
            b.port(port);
        }
        if (hold != null) {
            b.holdTime(hold);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw bad(spec, e.getMessage());
        }
    }

    /** {@code policy=defaults|none}, shared with {@code --listen-range}. */
    static PeerPolicy policy(String value) {
        return switch (value) {
            case "defaults" -> PeerPolicy.defaults();
            case "none" -> PeerPolicy.none();
            default -> throw new IllegalArgumentException(
                    "policy is 'defaults' (accept in, export own prefixes) or 'none' (RFC 8212), not '" + value + "'");
        };
    }

    /**
     * One {@code key=value} (or bare {@code key}) after the first part of an option's value, as
     * {@code --peer} and {@code --listen-range} take them.
     */
    record Setting(String text, String key, String rawValue) {
        /** The value; a bare key where one is needed is an error naming it. */
        String value() {
            if (rawValue == null || rawValue.isEmpty()) {
                throw new IllegalArgumentException("'" + key + "' needs a value: " + key + "=...");
            }
            return rawValue;
        }

        IllegalArgumentException unknown(String known) {
            return new IllegalArgumentException("unknown setting '" + key + "'; known: " + known);
        }
    }

    /** The settings after the first of the comma-separated {@code parts}. */
    static List<Setting> settings(String[] parts) {
        List<Setting> settings = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            int eq = part.indexOf('=');
            settings.add(new Setting(part, eq < 0 ? part : part.substring(0, eq), eq < 0 ? null : part.substring(eq + 1)));
        }
        return settings;
    }

    /** The message repeats the value with its key masked: errors reach logs and terminals. */
    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("--peer " + spec.replaceAll("(^|,)(\\s*password=)[^,]*", "$1$2***") + ": " + why);
    }
}
