package io.flatnet.agent.config.view;

import io.flatnet.agent.config.ConfigResources;
import io.flatnet.agent.config.model.BgpConfigurationSpec;
import io.flatnet.agent.config.model.BgpFilter;
import io.flatnet.agent.config.model.BgpPassword;
import io.flatnet.agent.config.model.BgpPeer;
import io.flatnet.agent.config.model.BgpPeerSpec;
import io.flatnet.agent.config.model.InterfaceAddress;
import io.flatnet.agent.config.model.NextHopMode;
import io.flatnet.agent.config.model.NodeResource;
import io.flatnet.agent.config.model.SourceAddressMode;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Computes a node's peers.
 *
 * <p><b>Who connects.</b> Between two nodes that peer with each other (the mesh, or BGPPeers with
 * peerSelector in both directions), the node with the <em>lower</em> address waits (passive) and
 * the node with the <em>higher</em> address connects; addresses are compared as unsigned
 * numbers within their family. Both nodes compute the same answer from the same file, so exactly
 * one side of each pair dials, and no connection collision (RFC 4271 §6.8) has to be resolved at
 * every start. It is also the connection collision resolution would keep when router ids follow
 * the IPv4 addresses. A peering that exists in one direction only connects from that side.
 *
 * <p><b>Which peer wins.</b> One address has one session. When several resources give the same
 * address, the most specific wins: node-specific, then selector, then global, then the mesh; the
 * others become warnings.
 *
 * <p><b>Route reflector clients</b> (Calico's rule): when this node has a
 * {@code routeReflectorClusterID}, every iBGP peer (same AS) is its client unless that peer is a
 * node with the same cluster id (a fellow reflector of the cluster). An external router at an
 * iBGP peerIP is a client too, since it has no cluster id here.
 */
final class Peers {
    /** BIRD's and Calico's graceful restart time when none is configured. */
    static final Duration DEFAULT_RESTART_TIME = Duration.ofSeconds(120);

    private final ConfigResources resources;
    private final BgpConfigurationSpec global;
    private final NodeResource self;
    private final Asn selfAs;
    private final Map<String, io.flatnet.bgp.policy.BgpFilter> filters;
    private final Map<IpAddress, ViewPeer> byAddress = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    /** @param filters every BGPFilter as the speaker takes it, by name */
    Peers(ConfigResources resources, NodeResource self, Map<String, io.flatnet.bgp.policy.BgpFilter> filters) {
        this.resources = resources;
        this.global = resources.global();
        this.self = self;
        this.selfAs = asOf(self, global);
        this.filters = filters;
        if (global.nodeToNodeMeshEnabled()) {
            mesh();
        }
        for (BgpPeer peer : resources.peers()) {
            explicit(peer);
        }
        self.spec().bgp().routeReflectorClusterID().ifPresent(this::markClients);
        for (ViewPeer p : byAddress.values()) {
            if (!p.policy().configured()) {
                warnings.add(p.origin() + ": eBGP peer " + p.address() + " AS" + p.remoteAsn() + " has no filters and"
                        + " BGPConfiguration ebgpRequiresPolicy is true, so it is sent nothing and nothing it sends"
                        + " is accepted (RFC 8212); add filters: [...] to the BGPPeer naming a BGPFilter that says"
                        + " what to exchange, or set ebgpRequiresPolicy: false for Calico's default (accept all,"
                        + " export the node's own routes)");
            }
        }
    }

    List<ViewPeer> result() {
        return byAddress.values().stream().sorted(Comparator.comparing(ViewPeer::address)).toList();
    }

    List<String> warnings() {
        return warnings;
    }

    static Asn asOf(NodeResource node, BgpConfigurationSpec global) {
        return node.spec().bgp().asNumber().orElse(global.asNumber());
    }

    /**
     * The node's IPv4 BGP address. An IPv6-only node has none, so it gets the 32-bit FNV-1a hash
     * of its name (never 0, which RFC 6286 forbids): stable across restarts and, with a handful
     * of nodes, unique in practice.
     */
    static RouterId routerIdOf(NodeResource node) {
        Optional<InterfaceAddress> v4 = node.spec().bgp().ipv4Address();
        if (v4.isPresent()) {
            return RouterId.of(v4.get().address().v4Bits());
        }
        int hash = 0x811c9dc5;
        for (byte b : node.name().getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x01000193;
        }
        return RouterId.of(hash == 0 ? 1 : hash);
    }

    static List<InterfaceAddress> addresses(NodeResource node) {
        List<InterfaceAddress> out = new ArrayList<>(2);
        node.spec().bgp().ipv4Address().ifPresent(out::add);
        node.spec().bgp().ipv6Address().ifPresent(out::add);
        return out;
    }

    static Optional<IpAddress> addressOf(NodeResource node, Afi family) {
        return (family == Afi.IPV4 ? node.spec().bgp().ipv4Address() : node.spec().bgp().ipv6Address())
                .map(InterfaceAddress::address);
    }

    private void mesh() {
        for (NodeResource other : resources.nodes()) {
            if (other.name().equals(self.name())) {
                continue;
            }
            for (Afi family : Afi.values()) {
                Optional<IpAddress> mine = addressOf(self, family);
                Optional<IpAddress> theirs = addressOf(other, family);
                if (mine.isEmpty() || theirs.isEmpty()) {
                    continue;
                }
                add(new ViewPeer(theirs.get(), global.listenPort(), asOf(other, global), PeerKind.MESH, "mesh",
                        Optional.of(other.name()), mine.get().compareTo(theirs.get()) < 0, mine,
                        password(global.nodeMeshPassword()), 0, Optional.empty(),
                        global.nodeMeshMaxRestartTime().orElse(DEFAULT_RESTART_TIME),
                        Set.of(AddressFamily.unicast(family)), false, NextHopMode.AUTO, List.of(),
                        PeerPolicy.defaults(), otherFamilyNextHop(theirs.get(), Afi.IPV4, Set.of(AddressFamily.unicast(family))),
                        otherFamilyNextHop(theirs.get(), Afi.IPV6, Set.of(AddressFamily.unicast(family)))));
            }
        }
    }

    private void explicit(BgpPeer peer) {
        BgpPeerSpec spec = peer.spec();
        if (!appliesTo(spec, self)) {
            return;
        }
        PeerKind kind = spec.node().isPresent() ? PeerKind.NODE_SPECIFIC
                : spec.nodeSelector().isPresent() ? PeerKind.SELECTOR : PeerKind.GLOBAL;
        String origin = "BGPPeer " + peer.name();
        List<BgpFilter> filters = spec.filters().stream().map(resources::filter).flatMap(Optional::stream).toList();
        if (spec.peerIP().isPresent()) {
            IpAddress address = spec.peerIP().get().address();
            if (isSelf(address)) {
                return; // a global peer listing this node's own address: every node but this one peers with it
            }
            Optional<NodeResource> node = nodeAt(address);
            add(session(spec, kind, origin, address, spec.peerIP().get().port().orElse(179),
                    spec.asNumber().orElseThrow(), node, false, filters));
            return;
        }
        for (NodeResource other : resources.nodes()) {
            if (other.name().equals(self.name()) || !spec.peerSelector().orElseThrow().matches(other.metadata().labels())) {
                continue;
            }
            boolean mutual = peersWith(other, self);
            for (Afi family : Afi.values()) {
                Optional<IpAddress> mine = addressOf(self, family);
                Optional<IpAddress> theirs = addressOf(other, family);
                if (mine.isEmpty() || theirs.isEmpty()) {
                    continue;
                }
                boolean passive = mutual && mine.get().compareTo(theirs.get()) < 0;
                add(session(spec, kind, origin + " -> Node " + other.name(), theirs.get(), global.listenPort(),
                        asOf(other, global), Optional.of(other), passive, filters));
            }
        }
    }

    private ViewPeer session(BgpPeerSpec spec, PeerKind kind, String origin, IpAddress address, int port, Asn asn,
            Optional<NodeResource> node, boolean passive, List<BgpFilter> filters) {
        Afi family = address.afi();
        Optional<IpAddress> source = spec.sourceAddress() == SourceAddressMode.USE_NODE_IP
                ? addressOf(self, family) : Optional.empty();
        Set<AddressFamily> families = Set.of(AddressFamily.unicast(family));
        return new ViewPeer(address, port, asn, kind, origin, node.map(NodeResource::name), passive, source,
                password(spec.password()), spec.ttlSecurity(), spec.keepaliveTime().map(k -> k.multipliedBy(3)),
                spec.maxRestartTime().orElse(DEFAULT_RESTART_TIME), families, false,
                spec.effectiveNextHopMode(), filters, policy(spec, asn), otherFamilyNextHop(address, Afi.IPV4, families),
                otherFamilyNextHop(address, Afi.IPV6, families));
    }

    /**
     * The peer's policy: its filters in order when it names any; otherwise Calico's defaults
     * (accept every route, export the node's own), except for an eBGP peer when
     * {@code ebgpRequiresPolicy} is set: no policy at all, RFC 8212.
     */
    private PeerPolicy policy(BgpPeerSpec spec, Asn peerAs) {
        if (!spec.filters().isEmpty()) {
            return PeerPolicy.of(spec.filters().stream().map(filters::get).filter(java.util.Objects::nonNull).toList());
        }
        if (global.ebgpRequiresPolicy() && !peerAs.equals(selfAs)) {
            return PeerPolicy.none();
        }
        return PeerPolicy.defaults();
    }

    /**
     * Our next hop of {@code family} for a session to {@code peer} of the other family that
     * carries {@code family}: the node's BGP address of that family, if it has one. Sessions
     * carry their own family only today (as Calico's), so this is empty for them; a session that
     * carries both gets the node's address rather than an IPv4-mapped one the peer would drop.
     */
    private Optional<IpAddress> otherFamilyNextHop(IpAddress peer, Afi family, Set<AddressFamily> families) {
        if (peer.afi() == family || !families.contains(AddressFamily.unicast(family))) {
            return Optional.empty();
        }
        return addressOf(self, family);
    }

    /** True when {@code from} has a node-to-node peering with {@code to}: the mesh or a peerSelector. */
    private boolean peersWith(NodeResource from, NodeResource to) {
        if (global.nodeToNodeMeshEnabled()) {
            return true;
        }
        for (BgpPeer p : resources.peers()) {
            if (appliesTo(p.spec(), from) && p.spec().peerSelector().isPresent()
                    && p.spec().peerSelector().get().matches(to.metadata().labels())) {
                return true;
            }
        }
        return false;
    }

    private static boolean appliesTo(BgpPeerSpec spec, NodeResource node) {
        if (spec.node().isPresent()) {
            return spec.node().get().equals(node.name());
        }
        return spec.nodeSelector().map(s -> s.matches(node.metadata().labels())).orElse(true);
    }

    private void add(ViewPeer peer) {
        ViewPeer existing = byAddress.get(peer.address());
        if (existing == null) {
            byAddress.put(peer.address(), peer);
            return;
        }
        ViewPeer winner = rank(peer.kind()) > rank(existing.kind()) ? peer : existing;
        ViewPeer loser = winner == peer ? existing : peer;
        byAddress.put(peer.address(), winner);
        warnings.add("peer " + peer.address() + " is configured by " + existing.origin() + " and by " + peer.origin()
                + "; using " + winner.origin() + " (" + winner.kind().label() + ") over " + loser.origin());
    }

    private static int rank(PeerKind kind) {
        return switch (kind) {
            case MESH -> 0;
            case GLOBAL -> 1;
            case SELECTOR -> 2;
            case NODE_SPECIFIC -> 3;
        };
    }

    private void markClients(RouterId clusterId) {
        for (Map.Entry<IpAddress, ViewPeer> e : byAddress.entrySet()) {
            ViewPeer p = e.getValue();
            if (!p.remoteAsn().equals(selfAs)) {
                continue;
            }
            Optional<RouterId> theirs = nodeAt(p.address()).flatMap(n -> n.spec().bgp().routeReflectorClusterID());
            if (!theirs.equals(Optional.of(clusterId))) {
                e.setValue(p.asRouteReflectorClient());
            }
        }
    }

    private boolean isSelf(IpAddress address) {
        return addresses(self).stream().anyMatch(a -> a.address().equals(address));
    }

    private Optional<NodeResource> nodeAt(IpAddress address) {
        return resources.nodes().stream()
                .filter(n -> addresses(n).stream().anyMatch(a -> a.address().equals(address))).findFirst();
    }

    private static Optional<String> password(Optional<BgpPassword> password) {
        return password.flatMap(p -> p instanceof BgpPassword.Inline i ? Optional.of(i.value()) : Optional.empty());
    }
}
