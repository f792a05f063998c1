package io.flatnet.agent;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.policy.NextHopMode;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.ListenRange;
import io.flatnet.reflector.PeerTemplate;

/**
 * Parses one {@code --listen-range} value:
 * {@code CIDR[,as=ASN][,name=NAME][,policy=defaults|none][,limit=N][,max-prefixes=N]}.
 * Sessions are accepted from any address inside {@code CIDR} (dynamic neighbours); the peer must
 * announce {@code as}, which defaults to our own AS (iBGP). {@code name} (default: the CIDR)
 * names the range in logs and the API. {@code policy} and {@code max-prefixes} are as for
 * {@code --peer}, per accepted peer. {@code limit} caps the range's peers at once (default
 * {@value ListenRange#DEFAULT_LIMIT}, as FRR's {@code bgp listen limit}). Under
 * {@code --standalone-reflector} the range's iBGP peers are route-reflector clients.
 */
final class ListenRangeSpec {
    private ListenRangeSpec() {}

    static PeerTemplate parse(String spec, Asn localAsn, boolean reflectorClients) {
        String[] parts = spec.split(",");
        IpPrefix range;
        try {
            range = IpPrefix.parse(parts[0]);
        } catch (IllegalArgumentException e) {
            throw bad(spec, "'" + parts[0] + "' is not a CIDR; the value starts with the range, e.g. 10.0.0.0/16");
        }
        Asn asn = localAsn;
        String name = range.toString();
        PeerPolicy policy = PeerPolicy.none();
        int limit = ListenRange.DEFAULT_LIMIT;
        long maxPrefixes = 0;
        for (PeerSpec.Setting s : PeerSpec.settings(parts)) {
            try {
                switch (s.key()) {
                    case "as", "asn" -> asn = Asn.parse(s.value());
                    case "name" -> name = s.value();
                    case "policy" -> policy = PeerSpec.policy(s.value());
                    case "limit" -> limit = Integer.parseInt(s.value());
                    case "max-prefixes" -> maxPrefixes = Long.parseLong(s.value());
                    default -> throw s.unknown("as, name, policy, limit, max-prefixes");
                }
            } catch (NumberFormatException e) {
                throw bad(spec, "'" + s.text() + "' needs a number after '='");
            } catch (IllegalArgumentException e) {
                throw bad(spec, e.getMessage());
            }
        }
        boolean internal = asn.equals(localAsn);
        if (limit < 1) {
            throw bad(spec, "limit must be at least 1");
        }
        if (maxPrefixes < 0) {
            throw bad(spec, "max-prefixes must not be negative");
        }
        return new PeerTemplate(name, range, asn, reflectorClients && internal, policy, NextHopMode.AUTO, limit,
                maxPrefixes);
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("--listen-range " + spec + ": " + why);
    }
}
