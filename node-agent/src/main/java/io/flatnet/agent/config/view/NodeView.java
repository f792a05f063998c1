package io.flatnet.agent.config.view;

import io.flatnet.agent.config.ConfigException;
import io.flatnet.agent.config.ConfigProblem;
import io.flatnet.agent.config.ConfigResources;
import io.flatnet.agent.config.model.BgpConfigurationSpec;
import io.flatnet.agent.config.model.BgpFilter;
import io.flatnet.agent.config.model.BindMode;
import io.flatnet.agent.config.model.InterfaceAddress;
import io.flatnet.agent.config.model.LogSeverity;
import io.flatnet.agent.config.model.NodeResource;
import io.flatnet.agent.config.policy.PolicyMapping;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.SpeakerConfig;
import io.flatnet.reflector.RouteReflector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One node's view of the configuration.
 *
 * @param nodeName         the node
 * @param asNumber         its AS: its Node {@code bgp.asNumber}, else BGPConfiguration {@code asNumber}
 * @param routerId         its IPv4 BGP address; an IPv6-only node gets a stable hash of its name
 *                         (see {@link Peers#routerIdOf})
 * @param clusterId        its route reflector cluster id, when it is a route reflector
 * @param listenPort       BGPConfiguration {@code listenPort}
 * @param listenAddresses  empty: every address; with {@code bindMode: NodeIP}, the node's BGP addresses
 * @param logSeverity      BGPConfiguration {@code logSeverityScreen}
 * @param peers            one per address, sorted by address
 * @param advertisements   pod CIDR blocks first, then service ranges
 * @param blackholes       the routes kernel-routes installs as blackholes so that traffic for an
 *                         unused address of an advertised block is dropped here instead of
 *                         following the default route back out: the pod CIDR blocks and service ranges
 * @param warnings         things that are allowed but probably not meant, such as a peer
 *                         configured twice; logged at each (re)load
 */
public record NodeView(
        String nodeName,
        Asn asNumber,
        RouterId routerId,
        Optional<RouterId> clusterId,
        int listenPort,
        List<IpAddress> listenAddresses,
        LogSeverity logSeverity,
        List<ViewPeer> peers,
        List<ViewAdvertisement> advertisements,
        List<IpPrefix> blackholes,
        List<String> warnings) {

    public NodeView {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(asNumber, "asNumber");
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(clusterId, "clusterId");
        listenAddresses = List.copyOf(listenAddresses);
        Objects.requireNonNull(logSeverity, "logSeverity");
        peers = List.copyOf(peers);
        advertisements = List.copyOf(advertisements);
        blackholes = List.copyOf(blackholes);
        warnings = List.copyOf(warnings);
    }

    /**
     * Computes {@code nodeName}'s view from all resources, as every node does from the same
     * resources. Throws when the node is not among them or has no BGP address to peer from.
     */
    public static NodeView compute(ConfigResources resources, String nodeName) throws ConfigException {
        NodeResource self = resources.node(nodeName).orElseThrow(() -> missingNode(resources, nodeName));
        if (self.spec().bgp().ipv4Address().isEmpty() && self.spec().bgp().ipv6Address().isEmpty()) {
            throw new ConfigException(new ConfigProblem(resources.source(), 0, "Node " + nodeName, 0, "spec.bgp",
                    "the node has no BGP address; expected spec.bgp.ipv4Address or spec.bgp.ipv6Address"));
        }
        BgpConfigurationSpec global = resources.global();
        Map<String, io.flatnet.bgp.policy.BgpFilter> filters = new HashMap<>();
        List<String> filterWarnings = new ArrayList<>();
        for (BgpFilter f : resources.filters()) {
            PolicyMapping.Mapped mapped = PolicyMapping.map(f, resources.source());
            filters.put(f.name(), mapped.filter());
            filterWarnings.addAll(mapped.warnings());
        }
        Peers peers = new Peers(resources, self, filters);
        Advertisements ads = new Advertisements(global, self);
        List<IpAddress> listen = global.bindMode() == BindMode.NODE_IP
                ? Peers.addresses(self).stream().map(InterfaceAddress::address).toList()
                : List.of();
        List<String> warnings = new ArrayList<>(peers.warnings());
        warnings.addAll(ads.warnings());
        warnings.addAll(filterWarnings);
        return new NodeView(nodeName, Peers.asOf(self, global), Peers.routerIdOf(self),
                self.spec().bgp().routeReflectorClusterID(), global.listenPort(), listen, global.logSeverityScreen(), peers.result(),
                ads.advertisements(), ads.blackholes(), warnings);
    }

    /** The speaker's desired peers: {@link ViewPeer#toPeerConfig()} of each. */
    public Set<PeerConfig> peerConfigs() {
        return peers.stream().map(ViewPeer::toPeerConfig).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The speaker's desired advertisements: {@link ViewAdvertisement#toAdvertisement()} of each. */
    public Set<Advertisement> advertisementSet() {
        return advertisements.stream().map(ViewAdvertisement::toAdvertisement)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * The speaker settings this view implies: a node with a {@code routeReflectorClusterID} is a
     * route reflector (RFC 4456 rules in place of plain iBGP split horizon). A running speaker
     * cannot change them, so a reload that changes them is refused with a message saying a
     * restart is needed.
     *
     * <p>BGPConfiguration {@code prefixAdvertisements} are not here but on each advertisement
     * ({@link ViewAdvertisement#communities()}): the speaker adds an advertisement's communities
     * when it originates it, and advertisements, unlike speaker settings, change on reload.
     */
    public SpeakerConfig speakerConfig() {
        SpeakerConfig config = SpeakerConfig.of(asNumber, routerId).withListen(listenAddresses, listenPort);
        return clusterId.isPresent() ? config.withRules(new RouteReflector(clusterId.get())) : config;
    }

    public Optional<ViewPeer> peer(IpAddress address) {
        return peers.stream().filter(p -> p.address().equals(address)).findFirst();
    }

    private static ConfigException missingNode(ConfigResources resources, String nodeName) {
        List<String> names = resources.nodes().stream().map(NodeResource::name).toList();
        String expected = names.isEmpty() ? "the file defines no Node; add one named '" + nodeName + "'"
                : "expected the name of one of its Nodes: " + String.join(", ", names);
        return new ConfigException(new ConfigProblem(resources.source(), 0, "", 0, "",
                "no Node named '" + nodeName + "' (from --node-name); " + expected));
    }
}
