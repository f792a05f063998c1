package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.model.route.RouteAttributes;

/**
 * The iBGP split-horizon hook (RFC 4271 §9.2: a route learned from an iBGP peer is not sent to
 * another iBGP peer) and where RFC 4456 route reflection plugs in. The speaker asks it only about
 * iBGP-learned routes going to iBGP peers; {@link #NONE} (no reflection) is the default.
 *
 * <p>The answer may depend on the target only through {@link #role}: peers of different roles
 * never share an update group.
 */
public interface RouteReflection {
    /** A plain iBGP speaker: never reflects. */
    RouteReflection NONE = new RouteReflection() {
        @Override
        public Object role(IpAddress peer) {
            return "none";
        }

        @Override
        public RouteAttributes reflect(IpPrefix prefix, RouteAttributes attributes, IpAddress fromPeer,
                RouterId fromRouterId, Object fromRole, Object toRole) {
            return null;
        }

        @Override
        public String toString() {
            return "no reflection";
        }
    };

    /** The role of an iBGP peer (client or non-client, say); a value with equality. */
    Object role(IpAddress peer);

    /**
     * @param fromPeer     the iBGP peer the route was learned from
     * @param fromRouterId its BGP identifier (the ORIGINATOR_ID to set when absent)
     * @return the attributes to reflect with (ORIGINATOR_ID and CLUSTER_LIST set), or {@code null}
     *         not to send the route to peers of {@code toRole}
     */
    RouteAttributes reflect(IpPrefix prefix, RouteAttributes attributes, IpAddress fromPeer, RouterId fromRouterId,
            Object fromRole, Object toRole);

    /**
     * Checked on import from iBGP peers: {@code false} drops the route (RFC 4456 §8 loop
     * prevention: our ORIGINATOR_ID or cluster id in CLUSTER_LIST).
     */
    default boolean acceptReflected(RouteAttributes attributes) {
        return true;
    }
}
