package io.flatnet.agent.config.view;

import io.flatnet.agent.config.model.BgpFilter;
import io.flatnet.agent.config.model.NextHopMode;
import io.flatnet.agent.config.policy.PolicyMapping;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.PeerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One peer of the node. The session fields map 1:1 to the speaker's {@link PeerConfig} (see
 * {@link #toPeerConfig()}), and so do {@code policy}, {@code nextHopMode} and
 * {@code routeReflectorClient}; the rest says where the peer came from.
 *
 * @param origin               the resource that made it: {@code mesh}, {@code BGPPeer tor-1}, or
 *                             {@code BGPPeer rrs -> Node rr-1} for a peerSelector match
 * @param peerNode             the Node at that address, when the peer is a node of the cluster
 * @param gracefulRestartTime  RFC 4724 restart time offered (Calico's default is 120 s)
 * @param filters              the BGPFilters the BGPPeer names, as configured
 * @param policy               the speaker's policy: the mapped {@code filters}, else Calico's
 *                             defaults, or none at all for an eBGP peer without filters under
 *                             {@code ebgpRequiresPolicy: true} (RFC 8212)
 * @param ipv4NextHop          our IPv4 next hop when this is an IPv6 session that carries IPv4:
 *                             the node's {@code bgp.ipv4Address}
 * @param ipv6NextHop          our IPv6 next hop when this is an IPv4 session that carries IPv6:
 *                             the node's {@code bgp.ipv6Address}. Without one the speaker does not
 *                             send its own routes of that family there (see
 *                             {@link PeerConfig#ipv6NextHop()})
 */
public record ViewPeer(
        IpAddress address,
        int port,
        Asn remoteAsn,
        PeerKind kind,
        String origin,
        Optional<String> peerNode,
        boolean passive,
        Optional<IpAddress> sourceAddress,
        Optional<String> password,
        int ttlSecurityHops,
        Optional<Duration> holdTime,
        Duration gracefulRestartTime,
        Set<AddressFamily> families,
        boolean routeReflectorClient,
        NextHopMode nextHopMode,
        List<BgpFilter> filters,
        PeerPolicy policy,
        Optional<IpAddress> ipv4NextHop,
        Optional<IpAddress> ipv6NextHop) {

    public ViewPeer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(remoteAsn, "remoteAsn");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(peerNode, "peerNode");
        Objects.requireNonNull(sourceAddress, "sourceAddress");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(holdTime, "holdTime");
        Objects.requireNonNull(gracefulRestartTime, "gracefulRestartTime");
        families = Set.copyOf(families);
        Objects.requireNonNull(nextHopMode, "nextHopMode");
        filters = List.copyOf(filters);
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(ipv4NextHop, "ipv4NextHop");
        Objects.requireNonNull(ipv6NextHop, "ipv6NextHop");
    }

    public PeerConfig toPeerConfig() {
        PeerConfig.Builder b = PeerConfig.builder(address, remoteAsn)
                .port(port)
                .passive(passive)
                .sourceAddress(sourceAddress.orElse(null))
                .md5Password(password.orElse(null))
                .ttlSecurityHops(ttlSecurityHops)
                .families(families)
                .gracefulRestartTime(gracefulRestartTime)
                .policy(policy)
                .nextHop(PolicyMapping.nextHopMode(nextHopMode))
                .reflectorClient(routeReflectorClient)
                .ipv4NextHop(ipv4NextHop.orElse(null))
                .ipv6NextHop(ipv6NextHop.orElse(null));
        holdTime.ifPresent(b::holdTime);
        return b.build();
    }

    ViewPeer asRouteReflectorClient() {
        return new ViewPeer(address, port, remoteAsn, kind, origin, peerNode, passive, sourceAddress, password,
                ttlSecurityHops, holdTime, gracefulRestartTime, families, true, nextHopMode, filters, policy, ipv4NextHop,
                ipv6NextHop);
    }

    /** Keeps the password out of logs. */
    @Override
    public String toString() {
        return "ViewPeer[" + address + ":" + port + " AS" + remoteAsn + " " + kind.label() + " from " + origin
                + (passive ? " passive" : " active") + (password.isPresent() ? " md5" : "")
                + (routeReflectorClient ? " rr-client" : "") + " " + families + " policy " + policy + "]";
    }
}
