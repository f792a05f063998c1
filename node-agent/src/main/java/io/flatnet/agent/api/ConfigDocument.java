package io.flatnet.agent.api;

import io.flatnet.agent.config.view.NodeView;
import io.flatnet.agent.config.view.ViewAdvertisement;
import io.flatnet.agent.config.view.ViewPeer;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.session.PeerStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Builds {@code GET /v1/config} from the node's view. The one place a password could leak into the
 * API, so it maps every field by hand and the password only to whether there is one.
 */
final class ConfigDocument {
    private ConfigDocument() {}

    /** From the file mode's view of the node. */
    static V1.Config of(String source, NodeView view) {
        V1.ConfigBgp bgp = new V1.ConfigBgp(view.asNumber().value(), view.routerId().toString(),
                view.clusterId().map(Object::toString).orElse(null), view.listenPort(),
                view.listenAddresses().stream().map(IpAddress::toString).toList(),
                view.logSeverity().yamlName());
        return new V1.Config(source, view.nodeName(), bgp, view.peers().stream().map(ConfigDocument::peer).toList(),
                view.advertisements().stream().map(ConfigDocument::advertisement).toList(),
                view.blackholes().stream().map(Object::toString).toList(), view.warnings());
    }

    /** The command-line mode has no view: what the agent was started with, as far as the sessions know it. */
    static V1.Config ofCommandLine(AgentState.NodeInfo node, List<PeerStatus> peers, List<AgentState.Advertised> ads) {
        V1.ConfigBgp bgp = new V1.ConfigBgp(node.asNumber(), node.routerId(), null, null, node.listen(), null);
        return new V1.Config(node.configSource(), null, bgp, peers.stream()
                .map(p -> new V1.ConfigPeer(p.address().toString(), null, p.remoteAsn().value(), "command line",
                        "--peer", null, false, null, null, false, null, null, null, List.of(), null, List.of(), null,
                        null))
                .toList(), ads.stream().map(V1::advertisement).toList(), List.of(), List.of());
    }

    private static V1.ConfigPeer peer(ViewPeer p) {
        return new V1.ConfigPeer(p.address().toString(), p.port(), p.remoteAsn().value(), p.kind().label(), p.origin(),
                p.peerNode().orElse(null), p.routeReflectorClient(), p.passive(),
                p.sourceAddress().map(IpAddress::toString).orElse(null), p.password().isPresent(), p.ttlSecurityHops(),
                p.holdTime().map(java.time.Duration::toSeconds).orElse(null), p.gracefulRestartTime().toSeconds(),
                p.families().stream().sorted(Comparator.comparingInt(AddressFamily::afi)
                        .thenComparingInt(AddressFamily::safi)).map(V1::family).toList(),
                p.nextHopMode().yamlName(), p.filters().stream().map(f -> f.name()).toList(),
                p.ipv4NextHop().map(IpAddress::toString).orElse(null),
                p.ipv6NextHop().map(IpAddress::toString).orElse(null));
    }

    private static V1.Advertisement advertisement(ViewAdvertisement a) {
        return V1.advertisement(new AgentState.Advertised(a.toAdvertisement(),
                a.source().name().toLowerCase(Locale.ROOT).replace('_', '-')));
    }
}
