package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.model.route.AsPath;
import io.flatnet.bgp.model.route.RouteAttributes;
import io.flatnet.bgp.model.route.RouteOrigin;
import java.util.Arrays;

/** Test fixtures: sources, attribute sets and paths for one prefix. */
final class Routes {
    static final IpPrefix PREFIX = IpPrefix.parse("10.244.1.0/24");
    static final Asn LOCAL_AS = Asn.of(64512);
    static final RouteSource LOCAL = RouteSource.local(RouterId.parse("10.0.0.254"), LOCAL_AS);


    private Routes() {}

    static RouteSource ebgp(String address, String routerId, long asn) {
        return RouteSource.ebgp(IpAddress.parse(address), RouterId.parse(routerId), Asn.of(asn));
    }

    static RouteSource ibgp(String address, String routerId) {
        return RouteSource.ibgp(IpAddress.parse(address), RouterId.parse(routerId), LOCAL_AS);
    }

    /** IGP origin, the given AS_SEQUENCE, next hop 192.0.2.1, nothing else. */
    static RouteAttributes.Builder attrs(long... asns) {
        return RouteAttributes.builder(RouteOrigin.IGP, asPath(asns), IpAddress.parse("192.0.2.1"));
    }

    static AsPath asPath(long... asns) {
        return AsPath.sequence(Arrays.stream(asns).mapToObj(Asn::of).toArray(Asn[]::new));
    }

    static Path path(RouteSource source, RouteAttributes.Builder attributes) {
        return path(source, attributes.build());
    }

    static Path path(RouteSource source, RouteAttributes attributes) {
        return Path.of(PREFIX, 0, attributes, source, true);
    }

    static Path path(RouteSource source, long pathId, RouteAttributes attributes) {
        return Path.of(PREFIX, pathId, attributes, source, true);
    }

    static Path unreachable(RouteSource source, RouteAttributes.Builder attributes) {
        return Path.of(PREFIX, 0, attributes.build(), source, false);
    }
}
