package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.route.RouteAttributes;
import java.util.Optional;

/**
 * How the speaker sets NEXT_HOP on routes it sends to a peer (Calico's {@code nextHopMode}). The
 * speaker applies it after export policy accepted a route; locally originated routes always carry
 * the session's local address.
 */
public enum NextHopMode {
    /** Next hop self towards eBGP peers, unchanged towards iBGP peers (RFC 4271 §5.1.3). */
    AUTO,
    /** Always this speaker's address on the session. */
    SELF,
    /** Never changed, even towards eBGP peers (third-party next hop, as route servers do). */
    KEEP;

    /** True when routes to {@code peer} get the session's local address as next hop. */
    public boolean setsSelf(PeerContext peer) {
        return switch (this) {
            case AUTO -> peer.isEbgp();
            case SELF -> true;
            case KEEP -> false;
        };
    }

    /**
     * {@code attributes} with the next hop this mode gives towards {@code peer}: the same instance
     * when nothing changes. {@code localAddress} is the session's local address of the route's
     * family (and {@code localLinkLocal} the IPv6 link-local one, if any).
     */
    public RouteAttributes apply(RouteAttributes attributes, PeerContext peer, IpAddress localAddress,
            Optional<IpAddress> localLinkLocal) {
        if (!setsSelf(peer)) {
            return attributes;
        }
        if (attributes.nextHop().equals(localAddress) && attributes.linkLocalNextHop().equals(localLinkLocal)) {
            return attributes;
        }
        return attributes.withNextHop(localAddress, localLinkLocal);
    }
}
