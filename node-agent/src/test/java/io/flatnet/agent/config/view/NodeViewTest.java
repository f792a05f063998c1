package io.flatnet.agent.config.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.agent.config.ConfigResources;
import io.flatnet.agent.config.file.ConfigFileLoader;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.PeerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeViewTest {
    private static final String HEAD = "apiVersion: flatnet.io/v1\n";

    private static String node(String name, String v4, String v6, String labels, String extraBgp, String pods) {
        return HEAD + "kind: Node\nmetadata: {name: " + name + ", labels: {" + labels + "}}\nspec:\n  bgp: {"
                + (v4 == null ? "" : "ipv4Address: " + v4 + ", ") + (v6 == null ? "" : "ipv6Address: \"" + v6 + "\", ")
                + extraBgp + "}\n  podCIDRs: [" + pods + "]\n---\n";
    }

    private static final String MESH = HEAD + """
            kind: BGPConfiguration
            metadata: {name: default}
            spec:
              asNumber: 64512
              serviceClusterIPs: [{cidr: 10.96.0.0/12}]
              communities: [{name: pods, value: "64512:100"}]
              prefixAdvertisements: [{cidr: 10.244.0.0/16, communities: [pods]}]
              nodeMeshPassword: {inline: mesh-key}
            ---
            """
            + node("node-1", "10.0.0.1/24", "fd00::1/64", "rack: r1", "", "10.244.1.0/24")
            + node("node-2", "10.0.0.2/24", "fd00::2/64", "rack: r1", "", "10.244.2.0/24")
            + node("node-3", "10.0.0.3/24", null, "rack: r2", "asNumber: 64513", "10.244.3.0/24")
            + HEAD + """
            kind: BGPPeer
            metadata: {name: tor}
            spec: {peerIP: 10.0.0.254, asNumber: 65001, password: {inline: tor-key}, ttlSecurity: 1,
                   keepaliveTime: 10s, maxRestartTime: 300s}
            ---
            """ + HEAD + """
            kind: BGPPeer
            metadata: {name: only-node-2}
            spec: {node: node-2, peerIP: "192.0.2.1:1179", asNumber: 65002, sourceAddress: None}
            ---
            """ + HEAD + """
            kind: BGPPeer
            metadata: {name: rack-r1}
            spec: {nodeSelector: "rack == 'r1'", peerIP: 10.0.0.253, asNumber: 65003}
            """;

    private static NodeView view(String yaml, String nodeName) throws Exception {
        return NodeView.compute(ConfigFileLoader.parse("t.yaml", yaml), nodeName);
    }

    @Test
    void meshHasExactlyOneActiveSidePerPair() throws Exception {
        ConfigResources r = ConfigFileLoader.parse("t.yaml", MESH);
        List<String> names = List.of("node-1", "node-2", "node-3");
        int pairsChecked = 0;
        for (String a : names) {
            for (String b : names) {
                if (a.compareTo(b) >= 0) {
                    continue;
                }
                NodeView va = NodeView.compute(r, a);
                NodeView vb = NodeView.compute(r, b);
                List<ViewPeer> aToB = va.peers().stream().filter(p -> p.peerNode().equals(java.util.Optional.of(b))).toList();
                assertThat(aToB).isNotEmpty();
                for (ViewPeer ab : aToB) {
                    ViewPeer ba = vb.peers().stream().filter(p -> p.peerNode().equals(java.util.Optional.of(a))
                            && p.address().afi() == ab.address().afi()).findFirst().orElseThrow();
                    assertThat(ab.passive() ^ ba.passive()).as("%s <-> %s over %s", a, b, ab.address().afi()).isTrue();
                    // the rule: the lower address waits
                    assertThat(ab.passive()).isEqualTo(ba.address().compareTo(ab.address()) < 0);
                    pairsChecked++;
                }
            }
        }
        assertThat(pairsChecked).as("v4 for 3 pairs, v6 for node-1/node-2").isEqualTo(4);
    }

    @Test
    void meshPeersFromOneNode() throws Exception {
        NodeView v = view(MESH, "node-1");
        assertThat(v.asNumber()).isEqualTo(Asn.of(64512));
        assertThat(v.routerId()).isEqualTo(RouterId.parse("10.0.0.1"));
        ViewPeer toNode3 = v.peer(IpAddress.parse("10.0.0.3")).orElseThrow();
        assertThat(toNode3.kind()).isEqualTo(PeerKind.MESH);
        assertThat(toNode3.remoteAsn()).as("node-3's own AS").isEqualTo(Asn.of(64513));
        assertThat(toNode3.passive()).isTrue();
        assertThat(toNode3.password()).contains("mesh-key");
        assertThat(toNode3.families()).containsExactly(AddressFamily.IPV4_UNICAST);
        assertThat(toNode3.sourceAddress()).contains(IpAddress.parse("10.0.0.1"));
        ViewPeer v6 = v.peer(IpAddress.parse("fd00::2")).orElseThrow();
        assertThat(v6.families()).containsExactly(AddressFamily.IPV6_UNICAST);
        assertThat(v.peers()).extracting(ViewPeer::address).doesNotContain(IpAddress.parse("fd00::3"));
    }

    @Test
    void globalNodeSpecificAndSelectorPeers() throws Exception {
        NodeView n1 = view(MESH, "node-1");
        NodeView n2 = view(MESH, "node-2");
        NodeView n3 = view(MESH, "node-3");
        IpAddress tor = IpAddress.parse("10.0.0.254");
        IpAddress only2 = IpAddress.parse("192.0.2.1");
        IpAddress rack = IpAddress.parse("10.0.0.253");

        assertThat(List.of(n1, n2, n3)).allSatisfy(v -> assertThat(v.peer(tor)).get()
                .extracting(ViewPeer::kind).isEqualTo(PeerKind.GLOBAL));
        assertThat(n2.peer(only2)).get().extracting(ViewPeer::kind).isEqualTo(PeerKind.NODE_SPECIFIC);
        assertThat(n1.peer(only2)).isEmpty();
        assertThat(n3.peer(only2)).isEmpty();
        assertThat(n1.peer(rack)).get().extracting(ViewPeer::kind).isEqualTo(PeerKind.SELECTOR);
        assertThat(n2.peer(rack)).isPresent();
        assertThat(n3.peer(rack)).as("node-3 is in rack r2").isEmpty();

        PeerConfig torConfig = n1.peer(tor).orElseThrow().toPeerConfig();
        assertThat(torConfig).isEqualTo(PeerConfig.builder(tor, Asn.of(65001))
                .sourceAddress(IpAddress.parse("10.0.0.1"))
                .md5Password("tor-key")
                .ttlSecurityHops(1)
                .holdTime(Duration.ofSeconds(30))
                .gracefulRestartTime(Duration.ofSeconds(300))
                .families(Set.of(AddressFamily.IPV4_UNICAST))
                .policy(io.flatnet.bgp.policy.PeerPolicy.defaults()) // no filters: Calico's defaults
                .build());
        PeerConfig only2Config = n2.peer(only2).orElseThrow().toPeerConfig();
        assertThat(only2Config.port()).isEqualTo(1179);
        assertThat(only2Config.sourceAddress()).isEmpty();
        assertThat(only2Config.gracefulRestartTime()).contains(Duration.ofSeconds(120));
    }

    @Test
    void advertisementsAndBlackholes() throws Exception {
        NodeView v = view(MESH, "node-2");
        assertThat(v.advertisements()).extracting(ViewAdvertisement::source)
                .containsExactly(AdvertisementSource.POD_CIDR, AdvertisementSource.SERVICE_CLUSTER_IPS);
        assertThat(v.advertisementSet()).containsExactly(
                new Advertisement(IpPrefix.parse("10.244.2.0/24"), List.of(Community.parse("64512:100")), List.of()),
                Advertisement.of("10.96.0.0/12"));
        assertThat(v.blackholes()).containsExactly(IpPrefix.parse("10.244.2.0/24"), IpPrefix.parse("10.96.0.0/12"));
        assertThat(v.peerConfigs()).hasSize(v.peers().size());
        assertThat(v.speakerConfig().localAsn()).isEqualTo(Asn.of(64512));
    }

    @Test
    void routeReflectorClientsFollowCalicosRule() throws Exception {
        String yaml = HEAD + "kind: BGPConfiguration\nmetadata: {name: default}\nspec: {nodeToNodeMeshEnabled: false}\n---\n"
                + node("rr-1", "10.0.0.1/24", null, "rr: 'yes'", "routeReflectorClusterID: 244.0.0.1", "")
                + node("rr-2", "10.0.0.2/24", null, "rr: 'yes'", "routeReflectorClusterID: 244.0.0.1", "")
                + node("rr-other", "10.0.0.3/24", null, "rr: 'yes'", "routeReflectorClusterID: 244.0.0.9", "")
                + node("c-1", "10.0.0.11/24", null, "", "", "10.244.11.0/24")
                + node("c-ebgp", "10.0.0.12/24", null, "", "asNumber: 65100", "")
                + HEAD + "kind: BGPPeer\nmetadata: {name: to-rrs}\nspec: {nodeSelector: \"!has(rr)\", peerSelector: has(rr)}\n---\n"
                + HEAD + "kind: BGPPeer\nmetadata: {name: rr-to-all}\nspec: {nodeSelector: has(rr), peerSelector: all()}\n---\n"
                + HEAD + "kind: BGPPeer\nmetadata: {name: ibgp-router}\nspec: {node: rr-1, peerIP: 10.0.0.100, asNumber: 64512}\n";
        NodeView rr1 = view(yaml, "rr-1");
        assertThat(rr1.clusterId()).contains(RouterId.parse("244.0.0.1"));
        assertThat(rr1.peer(IpAddress.parse("10.0.0.2")).orElseThrow().routeReflectorClient())
                .as("same cluster id: a fellow reflector").isFalse();
        assertThat(rr1.peer(IpAddress.parse("10.0.0.3")).orElseThrow().routeReflectorClient())
                .as("another cluster id").isTrue();
        assertThat(rr1.peer(IpAddress.parse("10.0.0.11")).orElseThrow().routeReflectorClient()).isTrue();
        assertThat(rr1.peer(IpAddress.parse("10.0.0.12")).orElseThrow().routeReflectorClient())
                .as("eBGP is never a client").isFalse();
        assertThat(rr1.peer(IpAddress.parse("10.0.0.100")).orElseThrow().routeReflectorClient())
                .as("an iBGP router without a cluster id").isTrue();

        NodeView c1 = view(yaml, "c-1");
        assertThat(c1.peers()).extracting(ViewPeer::address).containsExactlyInAnyOrder(
                IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2"), IpAddress.parse("10.0.0.3"));
        assertThat(c1.peers()).noneMatch(ViewPeer::routeReflectorClient);
        // rr-1 and c-1 select each other: the lower address (rr-1) waits, c-1 connects
        assertThat(c1.peer(IpAddress.parse("10.0.0.1")).orElseThrow().passive()).isFalse();
        assertThat(rr1.peer(IpAddress.parse("10.0.0.11")).orElseThrow().passive()).isTrue();
        assertThat(rr1.peer(IpAddress.parse("10.0.0.100")).orElseThrow().passive()).isFalse();
    }

    @Test
    void theMostSpecificPeerWinsAndTheOthersAreWarnings() throws Exception {
        String yaml = MESH + "---\n" + HEAD + "kind: BGPPeer\nmetadata: {name: node-3-direct}\n"
                + "spec: {node: node-1, peerIP: 10.0.0.3, asNumber: 64513, ttlSecurity: 1}\n";
        NodeView v = view(yaml, "node-1");
        ViewPeer p = v.peer(IpAddress.parse("10.0.0.3")).orElseThrow();
        assertThat(p.kind()).isEqualTo(PeerKind.NODE_SPECIFIC);
        assertThat(v.warnings()).singleElement().asString()
                .contains("10.0.0.3 is configured by mesh and by BGPPeer node-3-direct");
    }

    @Test
    void anIpv6OnlyNodeGetsAStableRouterId() throws Exception {
        String yaml = node("v6", null, "fd00::9/64", "", "", "");
        NodeView v = view(yaml, "v6");
        assertThat(v.routerId()).isEqualTo(view(yaml, "v6").routerId());
        assertThat(v.routerId().bits()).isNotZero();
    }

    @Test
    void aNodeMissingFromTheFileIsNamed() {
        assertThatThrownBy(() -> view(MESH, "node-9"))
                .hasMessage("t.yaml: no Node named 'node-9' (from --node-name); expected the name of one of its"
                        + " Nodes: node-1, node-2, node-3");
        assertThatThrownBy(() -> view(node("bare", null, null, "", "", ""), "bare"))
                .hasMessage("t.yaml: Node bare, spec.bgp: the node has no BGP address; expected spec.bgp.ipv4Address"
                        + " or spec.bgp.ipv6Address");
    }
}
