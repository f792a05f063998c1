package io.flatnet.agent;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.policy.NextHopMode;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.reflector.PeerTemplate;

/**
 * Parses one {@code --listen-range} value: {@code CIDR[,as=ASN][,name=NAME][,policy=defaults|none]}.
 * Sessions are accepted from any address inside {@code CIDR} (dynamic neighbours); the peer must
 * announce {@code as}, which defaults to our own AS (iBGP). {@code name} (default: the CIDR)
 * names the range in logs and the API. {@code policy} is as for {@code --peer}. Under
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
        for (PeerSpec.Setting s : PeerSpec.settings(parts)) {
            try {
                switch (s.key()) {
                    case "as", "asn" -> asn = Asn.parse(s.value());
                    case "name" -> name = s.value();
                    case "policy" -> policy = PeerSpec.policy(s.value());
                    default -> throw s.unknown("as, name, policy");
                }
            } catch (IllegalArgumentException e) {
                throw bad(spec, e.getMessage());
            }
        }
        boolean internal = asn.equals(localAsn);
        return new PeerTemplate(name, range, asn, reflectorClients && internal, policy, NextHopMode.AUTO);
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("--listen-range " + spec + ": " + why);
    }
}
