package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.route.RouteAttributes;

/**
 * Decides, per best route of the Loc-RIB and per update group, whether it is advertised and with
 * which attributes, before the speaker's own per-session rewriting (AS_PATH prepend, next hop,
 * LOCAL_PREF). Runs on the RIB thread; must be pure. Peers whose export policies are
 * {@code equals} share one update group, so implementations should have value equality.
 */
@FunctionalInterface
public interface ExportPolicy {
    /** Only the speaker's own advertisements: Calico's default. */
    ExportPolicy LOCAL_ONLY = new Named("local-only", true, false);
    /** Every best route (route-reflector clients, transit). */
    ExportPolicy ALL = new Named("all", true, true);
    /** Nothing: RFC 8212's default for an eBGP peer with no policy configured. */
    ExportPolicy NONE = new Named("none", false, false);

    /**
     * @param source where the route came from
     * @return the attributes to send (before session rewriting), or {@code null} not to send it
     */
    RouteAttributes apply(IpPrefix prefix, RouteAttributes attributes, SourceType source);

    static ExportPolicy byFamily(ExportPolicy ipv4, ExportPolicy ipv6) {
        return new ByFamily(ipv4, ipv6);
    }

    /** A verdict by source only. */
    record Named(String name, boolean local, boolean learned) implements ExportPolicy {
        @Override
        public RouteAttributes apply(IpPrefix prefix, RouteAttributes attributes, SourceType source) {
            return (source == SourceType.LOCAL ? local : learned) ? attributes : null;
        }
    }

    record ByFamily(ExportPolicy ipv4, ExportPolicy ipv6) implements ExportPolicy {
        @Override
        public RouteAttributes apply(IpPrefix prefix, RouteAttributes attributes, SourceType source) {
            return (prefix.afi() == io.flatnet.bgp.model.Afi.IPV4 ? ipv4 : ipv6).apply(prefix, attributes, source);
        }
    }
}
