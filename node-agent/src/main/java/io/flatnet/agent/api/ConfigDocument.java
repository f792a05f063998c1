package io.flatnet.agent.api;

import io.flatnet.agent.config.view.NodeView;
import io.flatnet.agent.config.view.ViewAdvertisement;
import io.flatnet.agent.config.view.ViewPeer;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.session.ListenRange;
import io.flatnet.bgp.session.PeerConfig;
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
                view.blackholes().stream().map(Object::toString).toList(), view.warnings(), List.of());
    }

    /**
     * The command-line mode has no view: what {@code runQuick} parsed ({@code --peer},
     * {@code --listen-range}, {@code --standalone-reflector}). Dynamic peers are not listed: they
     * are sessions, not configuration; their ranges are.
     */
    static V1.Config ofCommandLine(AgentState.NodeInfo node, AgentState.CommandLine parsed,
            List<AgentState.Advertised> ads) {
        V1.ConfigBgp bgp = new V1.ConfigBgp(node.asNumber(), node.routerId(), parsed.clusterId().orElse(null), null,
                node.listen(), null);
        List<V1.ConfigPeer> peers = parsed.peers().stream().sorted(Comparator.comparing(PeerConfig::address))
                .map(ConfigDocument::peer).toList();
        return new V1.Config(node.configSource(), null, bgp, peers, ads.stream().map(V1::advertisement).toList(),
                List.of(), List.of(), parsed.listenRanges().stream().map(ConfigDocument::listenRange).toList());
    }

    private static V1.ConfigPeer peer(PeerConfig p) {
        return new V1.ConfigPeer(p.address().toString(), p.port(), p.remoteAsn().value(), "command line", "--peer",
                null, p.reflectorClient(), p.passive(), p.sourceAddress().map(IpAddress::toString).orElse(null),
                p.md5Password() != null, p.ttlSecurityHops(), p.holdTime().map(java.time.Duration::toSeconds).orElse(null),
                p.gracefulRestartTime().map(java.time.Duration::toSeconds).orElse(null), families(p.families()),
                io.flatnet.agent.config.model.NextHopMode.valueOf(p.nextHop().name()).yamlName(), List.of(), p.ipv4NextHop().map(IpAddress::toString).orElse(null),
                p.ipv6NextHop().map(IpAddress::toString).orElse(null));
    }

    /** A range's facts; its template's secrets cannot exist (TCP MD5 is refused on templates) and are not read. */
    private static V1.ConfigListenRange listenRange(ListenRange r) {
        return new V1.ConfigListenRange(r.name(), r.prefixes().stream().map(Object::toString).toList(),
                r.peerAsn().value(), r.limit(), r.template().maxPrefixes(), r.template().reflectorClient());
    }

    private static List<String> families(java.util.Collection<AddressFamily> families) {
        return families.stream().sorted(Comparator.comparingInt(AddressFamily::afi)
                .thenComparingInt(AddressFamily::safi)).map(V1::family).toList();
    }

    private static V1.ConfigPeer peer(ViewPeer p) {
        return new V1.ConfigPeer(p.address().toString(), p.port(), p.remoteAsn().value(), p.kind().label(), p.origin(),
                p.peerNode().orElse(null), p.routeReflectorClient(), p.passive(),
                p.sourceAddress().map(IpAddress::toString).orElse(null), p.password().isPresent(), p.ttlSecurityHops(),
                p.holdTime().map(java.time.Duration::toSeconds).orElse(null), p.gracefulRestartTime().toSeconds(),
                families(p.families()), p.nextHopMode().yamlName(), p.filters().stream().map(f -> f.name()).toList(),
                p.ipv4NextHop().map(IpAddress::toString).orElse(null),
                p.ipv6NextHop().map(IpAddress::toString).orElse(null));
    }

    private static V1.Advertisement advertisement(ViewAdvertisement a) {
        return V1.advertisement(new AgentState.Advertised(a.toAdvertisement(),
                a.source().name().toLowerCase(Locale.ROOT).replace('_', '-')));
    }
}
