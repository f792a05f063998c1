package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a path came from: the facts about the sending peer that the decision process uses. One
 * instance is shared by all paths of a session, so it costs a reference per path.
 *
 * @param peerAddress the peer's address (the session's remote address); unspecified for local routes
 * @param routerId    the peer's BGP identifier from its OPEN; the local router id for local routes
 * @param peerAs      the peer's AS; the local AS for local routes
 * @param kind        eBGP, iBGP or locally originated
 */
public record RouteSource(IpAddress peerAddress, RouterId routerId, Asn peerAs, Kind kind) {

    /** How the route reached the RIB. */
    public enum Kind {
        /** Originated by this speaker (pod CIDR blocks, Service IPs, static advertisements). */
        LOCAL,
        /** Learned from a peer in another AS. */
        EBGP,
        /** Learned from a peer in the local AS. */
        IBGP
    }

    public RouteSource {
        Objects.requireNonNull(peerAddress, "peerAddress");
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(peerAs, "peerAs");
        Objects.requireNonNull(kind, "kind");
    }

    public static RouteSource ebgp(IpAddress peerAddress, RouterId routerId, Asn peerAs) {
        return new RouteSource(peerAddress, routerId, peerAs, Kind.EBGP);
    }

    public static RouteSource ibgp(IpAddress peerAddress, RouterId routerId, Asn localAs) {
        return new RouteSource(peerAddress, routerId, localAs, Kind.IBGP);
    }

    /** The source of routes this speaker originates; its peer address is 0.0.0.0. */
    public static RouteSource local(RouterId localRouterId, Asn localAs) {
        return new RouteSource(IpAddress.v4(0), localRouterId, localAs, Kind.LOCAL);
    }

    /** The same peer with another BGP identifier (after a restart, say). */
    public RouteSource withRouterId(RouterId value) {
        return new RouteSource(peerAddress, value, peerAs, kind);
    }

    public boolean isLocal() {
        return kind == Kind.LOCAL;
    }

    public boolean isExternal() {
        return kind == Kind.EBGP;
    }

    @Override
    public String toString() {
        return kind == Kind.LOCAL ? "local" : kind.name().toLowerCase(Locale.ROOT) + " " + peerAddress + " (" + routerId + ", AS" + peerAs + ")";
    }

    /** Written out for the reason given in {@link IpAddress#equals}: compared per changed route. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RouteSource r && peerAddress.equals(r.peerAddress) && routerId.equals(r.routerId)
                && peerAs.equals(r.peerAs) && kind == r.kind;
    }

    @Override
    public int hashCode() {
        return (peerAddress.hashCode() * 31 + routerId.hashCode()) * 31 + peerAs.hashCode() * 7 + kind.ordinal();
    }
}
