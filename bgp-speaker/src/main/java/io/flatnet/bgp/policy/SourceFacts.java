package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;

/**
 * What export policy may know about where a route came from. An interface, not a record, so that
 * the speaker can hand over an object it already holds per session (a {@link PeerContext}, or its
 * own route-source type if that implements this) and policy evaluation allocates nothing.
 */
public interface SourceFacts {
    /** Local, eBGP or iBGP. */
    SourceKind sourceKind();

    /** The address of the peer the route was learned from; unspecified for local routes. */
    IpAddress peerAddress();

    /** The BGP identifier of that peer (its OPEN); the local router id for local routes. */
    RouterId routerId();

    /** That peer's AS; the local AS for local routes. */
    Asn peerAs();

    /** True when that peer is a route-reflector client of this speaker (RFC 4456 §6). */
    boolean fromReflectorClient();

    /** The source of routes this speaker originates. */
    static SourceFacts local(RouterId localRouterId, Asn localAs) {
        return new LocalSource(localRouterId, localAs);
    }
}
