package io.flatnet.agent.config.model;

import io.flatnet.agent.config.selector.Selector;
import io.flatnet.bgp.model.Asn;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code BGPPeer.spec}. Which nodes have the peering: {@code node} (one node), or
 * {@code nodeSelector} (the nodes it selects), or neither (every node: a global peer). Whom they
 * peer with: {@code peerIP} (one address, {@code asNumber} required), or {@code peerSelector}
 * (the selected Node resources, each at its own BGP addresses and AS; {@code asNumber} must then
 * be empty). The reader refuses other combinations, as Calico does.
 *
 * @param peerIP              the peer's address and optional port
 * @param asNumber            the peer's AS (with {@code peerIP})
 * @param node                the one node that has this peering
 * @param nodeSelector        the nodes that have this peering
 * @param peerSelector        the Node resources to peer with
 * @param password            TCP MD5 key
 * @param sourceAddress       UseNodeIP (default) or None
 * @param nextHopMode         Auto (default), Self or Keep
 * @param maxRestartTime      graceful restart time offered (120s when unset)
 * @param keepaliveTime       keepalive interval; the hold time offered is three times it (RFC 4271 §10)
 * @param ttlSecurity         RFC 5082 GTSM hop count, 0 off
 * @param filters             names of BGPFilter resources, applied in order
 * @param keepOriginalNextHop Calico's older spelling of {@code nextHopMode: Keep}
 */
public record BgpPeerSpec(
        Optional<PeerAddress> peerIP,
        Optional<Asn> asNumber,
        Optional<String> node,
        Optional<Selector> nodeSelector,
        Optional<Selector> peerSelector,
        Optional<BgpPassword> password,
        SourceAddressMode sourceAddress,
        NextHopMode nextHopMode,
        Optional<Duration> maxRestartTime,
        Optional<Duration> keepaliveTime,
        int ttlSecurity,
        List<String> filters,
        boolean keepOriginalNextHop) {

    public BgpPeerSpec {
        Objects.requireNonNull(peerIP, "peerIP");
        Objects.requireNonNull(asNumber, "asNumber");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(nodeSelector, "nodeSelector");
        Objects.requireNonNull(peerSelector, "peerSelector");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(sourceAddress, "sourceAddress");
        Objects.requireNonNull(nextHopMode, "nextHopMode");
        Objects.requireNonNull(maxRestartTime, "maxRestartTime");
        Objects.requireNonNull(keepaliveTime, "keepaliveTime");
        filters = List.copyOf(filters);
    }

    /** True when every node has this peering. */
    public boolean isGlobal() {
        return node.isEmpty() && nodeSelector.isEmpty();
    }

    /** {@code keepOriginalNextHop: true} is {@code Keep}; otherwise {@link #nextHopMode}. */
    public NextHopMode effectiveNextHopMode() {
        return keepOriginalNextHop ? NextHopMode.KEEP : nextHopMode;
    }
}
