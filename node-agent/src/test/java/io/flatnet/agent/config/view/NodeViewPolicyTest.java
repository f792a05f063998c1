package io.flatnet.agent.config.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.agent.config.file.ConfigFileLoader;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.BgpFilter;
import io.flatnet.bgp.policy.FilterRule;
import io.flatnet.bgp.policy.NextHopMode;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.policy.ProtocolRules;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.reflector.RouteReflector;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each peer's PeerConfig says about policy, next hops and reflection, computed from a file. */
class NodeViewPolicyTest {
    private static final String HEAD = "apiVersion: flatnet.io/v1\n";

    private static String global(String extra) {
        return HEAD + "kind: BGPConfiguration\nmetadata: {name: default}\nspec: {asNumber: 64512" + extra + "}\n---\n";
    }

    private static final String NODES = HEAD + """
            kind: Node
            metadata: {name: node-1}
            spec: {bgp: {ipv4Address: 10.0.0.1/24, ipv6Address: "fd00::1/64"}, podCIDRs: [10.244.1.0/24]}
            ---
            """ + HEAD + """
            kind: Node
            metadata: {name: node-2}
            spec: {bgp: {ipv4Address: 10.0.0.2/24}, podCIDRs: [10.244.2.0/24]}
            ---
            """;

    private static final String TOR = HEAD + """
            kind: BGPPeer
            metadata: {name: tor}
            spec: {peerIP: 10.0.0.254, asNumber: 65001}
            """;

    private static NodeView view(String yaml, String node) throws Exception {
        return NodeView.compute(ConfigFileLoader.parse("cluster.yaml", yaml), node);
    }

    private static PeerConfig peer(NodeView v, String address) {
        return v.peerConfigs().stream().filter(p -> p.address().equals(IpAddress.parse(address))).findFirst().orElseThrow();
    }

    @Test
    void anEbgpPeerWithoutFiltersGetsCalicosDefaults() throws Exception {
        NodeView v = view(global("") + NODES + TOR, "node-1");
        assertThat(peer(v, "10.0.0.254").policy()).isEqualTo(PeerPolicy.defaults());
        assertThat(peer(v, "10.0.0.2").policy()).as("mesh").isEqualTo(PeerPolicy.defaults());
        assertThat(v.warnings()).isEmpty();
    }

    @Test
    void withEbgpRequiresPolicyAnEbgpPeerWithoutFiltersGetsNoneAndAWarning() throws Exception {
        NodeView v = view(global(", ebgpRequiresPolicy: true") + NODES + TOR, "node-1");
        assertThat(peer(v, "10.0.0.254").policy()).isEqualTo(PeerPolicy.none());
        assertThat(peer(v, "10.0.0.2").policy()).as("the mesh keeps Calico's behaviour").isEqualTo(PeerPolicy.defaults());
        assertThat(v.warnings()).singleElement().asString()
                .contains("BGPPeer tor", "10.0.0.254", "AS65001", "ebgpRequiresPolicy", "RFC 8212", "add filters: [...]");
    }

    @Test
    void anIbgpPeerWithoutFiltersKeepsTheDefaultsUnderEbgpRequiresPolicy() throws Exception {
        NodeView v = view(global(", ebgpRequiresPolicy: true") + NODES + HEAD + """
                kind: BGPPeer
                metadata: {name: rr}
                spec: {peerIP: 10.0.0.250, asNumber: 64512}
                """, "node-1");
        assertThat(peer(v, "10.0.0.250").policy()).isEqualTo(PeerPolicy.defaults());
        assertThat(v.warnings()).isEmpty();
    }

    @Test
    void filtersAreMappedInOrderAndNextHopModeIsPassedOn() throws Exception {
        NodeView v = view(global("") + NODES + HEAD + """
                kind: BGPFilter
                metadata: {name: pods-only}
                spec:
                  exportV4: [{action: Accept, matchOperator: In, cidr: 10.244.0.0/16}, {action: Reject}]
                ---
                """ + HEAD + """
                kind: BGPFilter
                metadata: {name: no-default}
                spec:
                  importV4: [{action: Reject, matchOperator: Equal, cidr: 0.0.0.0/0}]
                ---
                """ + HEAD + """
                kind: BGPPeer
                metadata: {name: tor}
                spec: {peerIP: 10.0.0.254, asNumber: 65001, filters: [no-default, pods-only], nextHopMode: Self}
                ---
                """ + HEAD + """
                kind: BGPPeer
                metadata: {name: server}
                spec: {peerIP: 10.0.0.253, asNumber: 65002, keepOriginalNextHop: true}
                """, "node-1");
        PeerConfig tor = peer(v, "10.0.0.254");
        assertThat(tor.policy()).isEqualTo(PeerPolicy.of(
                BgpFilter.named("no-default").importV4(FilterRule.reject().equal("0.0.0.0/0")),
                BgpFilter.named("pods-only").exportV4(FilterRule.accept().in("10.244.0.0/16"), FilterRule.reject())));
        assertThat(tor.nextHop()).isEqualTo(NextHopMode.SELF);
        assertThat(peer(v, "10.0.0.253").nextHop()).isEqualTo(NextHopMode.KEEP);
        assertThat(peer(v, "10.0.0.2").nextHop()).isEqualTo(NextHopMode.AUTO);
    }

    @Test
    void aRouteReflectorNodeGetsReflectionRulesAndItsClientsTheClientFlag() throws Exception {
        String yaml = global(", nodeToNodeMeshEnabled: false") + HEAD + """
                kind: Node
                metadata: {name: rr-1, labels: {rr: "true"}}
                spec: {bgp: {ipv4Address: 10.0.0.10/24, routeReflectorClusterID: 224.0.0.1}}
                ---
                """ + HEAD + """
                kind: Node
                metadata: {name: rr-2, labels: {rr: "true"}}
                spec: {bgp: {ipv4Address: 10.0.0.11/24, routeReflectorClusterID: 224.0.0.1}}
                ---
                """ + HEAD + """
                kind: Node
                metadata: {name: worker, labels: {}}
                spec: {bgp: {ipv4Address: 10.0.0.20/24}, podCIDRs: [10.244.20.0/24]}
                ---
                """ + HEAD + """
                kind: BGPPeer
                metadata: {name: to-rrs}
                spec: {peerSelector: "rr == 'true'"}
                ---
                """ + HEAD + """
                kind: BGPPeer
                metadata: {name: rrs-to-all}
                spec: {nodeSelector: "rr == 'true'", peerSelector: "all()"}
                """;
        NodeView rr = view(yaml, "rr-1");
        assertThat(rr.speakerConfig().rules()).isEqualTo(new RouteReflector(RouterId.parse("224.0.0.1")));
        assertThat(peer(rr, "10.0.0.20").reflectorClient()).as("worker").isTrue();
        assertThat(peer(rr, "10.0.0.11").reflectorClient()).as("fellow reflector of the cluster").isFalse();
        // Computing the view again gives an equal speaker config, so a reload needs no restart.
        assertThat(view(yaml, "rr-1").speakerConfig()).isEqualTo(rr.speakerConfig());

        NodeView worker = view(yaml, "worker");
        assertThat(worker.speakerConfig().rules()).isEqualTo(ProtocolRules.standard());
        assertThat(worker.peerConfigs()).extracting(PeerConfig::reflectorClient).containsOnly(false);
    }

    @Test
    void singleFamilySessionsNeedNoNextHopOfTheOtherFamily() throws Exception {
        NodeView v = view(global("") + NODES + TOR, "node-1");
        PeerConfig tor = peer(v, "10.0.0.254");
        assertThat(tor.families()).containsExactly(AddressFamily.IPV4_UNICAST);
        assertThat(tor.ipv6NextHop()).isEmpty();
        assertThat(tor.ipv4NextHop()).isEmpty();
    }

    @Test
    void aSessionCarryingTheOtherFamilyTakesTheNodesAddressOfThatFamilyAsNextHop() throws Exception {
        NodeView v = view(global("") + NODES + TOR, "node-1");
        ViewPeer tor = v.peer(IpAddress.parse("10.0.0.254")).orElseThrow();
        // What Peers gives a session that carries both families from a dual-stack node.
        ViewPeer both = new ViewPeer(tor.address(), tor.port(), tor.remoteAsn(), tor.kind(), tor.origin(), tor.peerNode(),
                tor.passive(), tor.sourceAddress(), tor.password(), tor.ttlSecurityHops(), tor.holdTime(),
                tor.gracefulRestartTime(), Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST),
                tor.routeReflectorClient(), tor.nextHopMode(), List.of(), tor.policy(), Optional.empty(),
                Peers.addressOf(ConfigFileLoader.parse("c", global("") + NODES).node("node-1").orElseThrow(),
                        io.flatnet.bgp.model.Afi.IPV6));
        assertThat(both.toPeerConfig().ipv6NextHop()).contains(IpAddress.parse("fd00::1"));
    }
}
