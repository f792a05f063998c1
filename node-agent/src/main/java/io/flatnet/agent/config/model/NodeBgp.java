package io.flatnet.agent.config.model;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.RouterId;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code Node.spec.bgp}.
 *
 * @param ipv4Address             the node's IPv4 BGP address with its subnet, {@code 10.0.0.1/24}
 * @param ipv6Address             the node's IPv6 BGP address with its subnet
 * @param asNumber                overrides BGPConfiguration's {@code asNumber} for this node
 * @param routeReflectorClusterID makes the node a route reflector with this cluster id (a dotted quad)
 */
public record NodeBgp(
        Optional<InterfaceAddress> ipv4Address,
        Optional<InterfaceAddress> ipv6Address,
        Optional<Asn> asNumber,
        Optional<RouterId> routeReflectorClusterID) {

    public static final NodeBgp NONE = new NodeBgp(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public NodeBgp {
        Objects.requireNonNull(ipv4Address, "ipv4Address");
        Objects.requireNonNull(ipv6Address, "ipv6Address");
        Objects.requireNonNull(asNumber, "asNumber");
        Objects.requireNonNull(routeReflectorClusterID, "routeReflectorClusterID");
    }
}
