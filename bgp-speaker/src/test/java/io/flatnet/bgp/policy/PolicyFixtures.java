package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.model.route.AsPath;
import io.flatnet.bgp.model.route.RouteAttributes;
import io.flatnet.bgp.model.route.RouteOrigin;
import java.util.Arrays;

/** Peers, sources and attribute sets for the policy tests. */
final class PolicyFixtures {
    static final Asn LOCAL_AS = Asn.of(64512);
    static final RouterId LOCAL_ID = RouterId.parse("10.0.0.254");
    static final SourceFacts LOCAL = SourceFacts.local(LOCAL_ID, LOCAL_AS);

    /** An eBGP peer, AS 65001. */
    static final PeerContext TOR = ebgp("192.0.2.1", 65001);
    /** Another eBGP peer, AS 65002. */
    static final PeerContext UPSTREAM = ebgp("192.0.2.2", 65002);
    /** Two iBGP peers. */
    static final PeerContext NODE_A = ibgp("10.0.0.1");
    static final PeerContext NODE_B = ibgp("10.0.0.2");

    private PolicyFixtures() {
    }

    static PeerContext ebgp(String address, long asn) {
        return new PeerContext(IpAddress.parse(address), Asn.of(asn), RouterId.parse(address), LOCAL_AS, LOCAL_ID, false);
    }

    static PeerContext ibgp(String address) {
        return new PeerContext(IpAddress.parse(address), LOCAL_AS, RouterId.parse(address), LOCAL_AS, LOCAL_ID, false);
    }

    static IpPrefix prefix(String text) {
        return IpPrefix.parse(text);
    }

    /** IGP origin, the given AS_SEQUENCE, next hop 192.0.2.1. */
    static RouteAttributes.Builder attrs(long... asns) {
        return RouteAttributes.builder(RouteOrigin.IGP, asPath(asns), IpAddress.parse("192.0.2.1"));
    }

    static AsPath asPath(long... asns) {
        return AsPath.sequence(Arrays.stream(asns).mapToObj(Asn::of).toArray(Asn[]::new));
    }
}
