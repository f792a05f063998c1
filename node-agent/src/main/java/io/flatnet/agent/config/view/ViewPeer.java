package io.flatnet.agent.config.view;

import io.flatnet.agent.config.model.BgpFilter;
import io.flatnet.agent.config.model.NextHopMode;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.session.PeerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One peer of the node. The session fields map 1:1 to the speaker's {@link PeerConfig} (see
 * {@link #toPeerConfig()}); the rest says where the peer came from and carries what the policy
 * work will turn into import/export rules ({@code nextHopMode}, {@code filters}) and route
 * reflection ({@code routeReflectorClient}).
 *
 * @param origin               the resource that made it: {@code mesh}, {@code BGPPeer tor-1}, or
 *                             {@code BGPPeer rrs -> Node rr-1} for a peerSelector match
 * @param peerNode             the Node at that address, when the peer is a node of the cluster
 * @param gracefulRestartTime  RFC 4724 restart time offered (Calico's default is 120 s)
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
        List<BgpFilter> filters) {

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
    }

    public PeerConfig toPeerConfig() {
        PeerConfig.Builder b = PeerConfig.builder(address, remoteAsn)
                .port(port)
                .passive(passive)
                .sourceAddress(sourceAddress.orElse(null))
                .md5Password(password.orElse(null))
                .ttlSecurityHops(ttlSecurityHops)
                .families(families)
                .gracefulRestartTime(gracefulRestartTime);
        holdTime.ifPresent(b::holdTime);
        return b.build();
    }

    ViewPeer asRouteReflectorClient() {
        return new ViewPeer(address, port, remoteAsn, kind, origin, peerNode, passive, sourceAddress, password,
                ttlSecurityHops, holdTime, gracefulRestartTime, families, true, nextHopMode, filters);
    }

    /** Keeps the password out of logs. */
    @Override
    public String toString() {
        return "ViewPeer[" + address + ":" + port + " AS" + remoteAsn + " " + kind.label() + " from " + origin
                + (passive ? " passive" : " active") + (password.isPresent() ? " md5" : "")
                + (routeReflectorClient ? " rr-client" : "") + " " + families + "]";
    }
}
