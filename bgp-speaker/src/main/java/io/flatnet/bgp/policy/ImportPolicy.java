package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.route.RouteAttributes;

/**
 * Decides, per received route of one peer, whether it enters the Loc-RIB and with which
 * attributes. Runs on the peer's session thread, so it must be a pure function of its arguments.
 * A per-family policy dispatches on {@code prefix.afi()} ({@link #byFamily}).
 */
@FunctionalInterface
public interface ImportPolicy {
    /** Accept everything unchanged: Calico's default on import. */
    ImportPolicy ACCEPT_ALL = new Named("accept-all", true);
    /** Accept nothing: RFC 8212's default for an eBGP peer with no policy configured. */
    ImportPolicy REJECT_ALL = new Named("reject-all", false);

    /**
     * @return the attributes to keep (the same instance when unchanged, which keeps interning
     *         cheap), or {@code null} to reject the route (it is then treated as withdrawn)
     */
    RouteAttributes apply(IpPrefix prefix, RouteAttributes attributes);

    /** One policy for IPv4 routes and one for IPv6. */
    static ImportPolicy byFamily(ImportPolicy ipv4, ImportPolicy ipv6) {
        return new ByFamily(ipv4, ipv6);
    }

    /** A constant verdict; a record so that equal policies compare equal. */
    record Named(String name, boolean accept) implements ImportPolicy {
        @Override
        public RouteAttributes apply(IpPrefix prefix, RouteAttributes attributes) {
            return accept ? attributes : null;
        }
    }

    record ByFamily(ImportPolicy ipv4, ImportPolicy ipv6) implements ImportPolicy {
        @Override
        public RouteAttributes apply(IpPrefix prefix, RouteAttributes attributes) {
            return (prefix.afi() == io.flatnet.bgp.model.Afi.IPV4 ? ipv4 : ipv6).apply(prefix, attributes);
        }
    }
}
