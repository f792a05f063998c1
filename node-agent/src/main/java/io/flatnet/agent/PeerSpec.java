package io.flatnet.agent;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.PeerConfig;
import java.time.Duration;

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
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? null : part.substring(eq + 1);
            try {
                switch (key) {
                    case "as", "asn" -> asn = Asn.parse(require(value, key));
                    case "port" -> port = Integer.parseInt(require(value, key));
                    case "password" -> password = require(value, key);
                    case "passive" -> passive = true;
                    case "hold" -> hold = Duration.ofSeconds(Long.parseLong(require(value, key)));
                    case "ttl-security" -> ttlSecurity = Integer.parseInt(require(value, key));
                    case "max-prefixes" -> maxPrefixes = Long.parseLong(require(value, key));
                    case "policy" -> policy = switch (require(value, key)) {
                        case "defaults" -> PeerPolicy.defaults();
                        case "none" -> PeerPolicy.none();
                        default -> throw new IllegalArgumentException(
                                "policy is 'defaults' (accept in, export own prefixes) or 'none' (RFC 8212), not '" + value + "'");
                    };
                    case "next-hop6" -> nextHop6 = IpAddress.parse(require(value, key));
                    case "next-hop4" -> nextHop4 = IpAddress.parse(require(value, key));
                    default -> throw new IllegalArgumentException("unknown setting '" + key
                            + "'; known: as, port, password, passive, hold, ttl-security, max-prefixes, policy,"
                            + " next-hop6, next-hop4");
                }
            } catch (NumberFormatException e) {
                throw bad(spec, "'" + part + "' needs a number after '='");
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

    private static String require(String value, String key) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("'" + key + "' needs a value: " + key + "=...");
        }
        return value;
    }

    /** The message repeats the value with its key masked: errors reach logs and terminals. */
    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("--peer " + spec.replaceAll("(^|,)(\\s*password=)[^,]*", "$1$2***") + ": " + why);
    }
}
