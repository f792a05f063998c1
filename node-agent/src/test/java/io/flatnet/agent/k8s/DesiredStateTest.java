package io.flatnet.agent.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flatnet.agent.config.ConfigException;
import io.flatnet.agent.config.ConfigResources;
import io.flatnet.agent.config.file.ConfigFileLoader;
import io.flatnet.agent.config.view.NodeView;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.k8s.ClusterSnapshot;
import io.flatnet.k8s.EndpointSliceInfo;
import io.flatnet.k8s.FlatnetObject;
import io.flatnet.k8s.NodeInfo;
import io.flatnet.k8s.SecretData;
import io.flatnet.k8s.ServiceInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Snapshot to resources to NodeView, over an in-memory cluster. */
class DesiredStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static NodeInfo node(String name, String cidr, String ip, Map<String, String> labels,
            Map<String, String> annotations) {
        return new NodeInfo(name, labels, annotations, List.of(cidr), List.of(ip));
    }

    private static final FlatnetObject CONFIG = new FlatnetObject("BGPConfiguration", "default", Map.of(), json("""
            {"asNumber": 64512, "serviceClusterIPs": [{"cidr": "10.96.0.0/12"}],
             "serviceLoadBalancerIPs": [{"cidr": "203.0.113.0/24"}], "serviceExternalIPs": [{"cidr": "192.0.2.7/32"}],
             "communities": [{"name": "pods", "value": "64512:100"}],
             "prefixAdvertisements": [{"cidr": "10.244.0.0/16", "communities": ["pods"]},
                                      {"cidr": "203.0.113.0/24", "communities": ["64512:300"]}]}"""));
    private static final FlatnetObject PEER = new FlatnetObject("BGPPeer", "tor", Map.of(), json("""
            {"nodeSelector": "rack == 'r1'", "peerIP": "192.168.10.1", "asNumber": 65001,
             "password": {"secretKeyRef": {"name": "bgp-passwords", "key": "tor"}}}"""));

    private static ClusterSnapshot snapshot(List<NodeInfo> nodes, List<ServiceInfo> services,
            List<EndpointSliceInfo> slices, Map<String, SecretData> secrets) {
        return new ClusterSnapshot(nodes, services, slices, List.of(CONFIG), List.of(PEER), List.of(), secrets);
    }

    private static final List<NodeInfo> NODES = List.of(
            node("node-1", "10.244.1.0/24", "192.168.10.11", Map.of("rack", "r1"), Map.of()),
            node("node-2", "10.244.2.0/24", "192.168.10.12", Map.of("rack", "r1"),
                    Map.of(SnapshotResources.AS_NUMBER, "64600")),
            node("node-3", "10.244.3.0/24", "192.168.10.13",
                    Map.of("rack", "r2", NodeInfo.EXCLUDE_FROM_LB_LABEL, "true"),
                    Map.of(SnapshotResources.IPV4_ADDRESS, "192.168.20.13/24")));
    private static final Map<String, SecretData> SECRETS = Map.of("bgp-passwords", new SecretData(Map.of("tor", "s3cret")));

    @Test
    void theSnapshotGivesTheSameViewAsTheEquivalentFile() throws Exception {
        ClusterSnapshot s = snapshot(NODES, List.of(), List.of(), SECRETS);
        ConfigResources file = ConfigFileLoader.parse("file", """
                apiVersion: flatnet.io/v1
                kind: BGPConfiguration
                metadata: {name: default}
                spec:
                  asNumber: 64512
                  serviceClusterIPs: [{cidr: 10.96.0.0/12}]
                  serviceLoadBalancerIPs: [{cidr: 203.0.113.0/24}]
                  serviceExternalIPs: [{cidr: 192.0.2.7/32}]
                  communities: [{name: pods, value: "64512:100"}]
                  prefixAdvertisements:
                    - {cidr: 10.244.0.0/16, communities: [pods]}
                    - {cidr: 203.0.113.0/24, communities: ["64512:300"]}
                ---
                apiVersion: flatnet.io/v1
                kind: BGPPeer
                metadata: {name: tor}
                spec: {nodeSelector: "rack == 'r1'", peerIP: 192.168.10.1, asNumber: 65001, password: {inline: s3cret}}
                ---
                apiVersion: flatnet.io/v1
                kind: Node
                metadata: {name: node-1, labels: {rack: r1}}
                spec: {bgp: {ipv4Address: 192.168.10.11}, podCIDRs: [10.244.1.0/24]}
                ---
                apiVersion: flatnet.io/v1
                kind: Node
                metadata: {name: node-2, labels: {rack: r1}}
                spec: {bgp: {ipv4Address: 192.168.10.12, asNumber: 64600}, podCIDRs: [10.244.2.0/24]}
                ---
                apiVersion: flatnet.io/v1
                kind: Node
                metadata: {name: node-3, labels: {rack: r2, node.kubernetes.io/exclude-from-external-load-balancers: "true"}}
                spec: {bgp: {ipv4Address: 192.168.20.13/24}, podCIDRs: [10.244.3.0/24]}
                """);
        for (String n : List.of("node-1", "node-2", "node-3")) {
            NodeView fromFile = NodeView.compute(file, n);
            NodeView fromCluster = DesiredState.compute(s, n, "flatnet").view();
            assertThat(fromCluster.peers()).as(n).isEqualTo(fromFile.peers());
            assertThat(fromCluster.advertisements()).as(n).isEqualTo(fromFile.advertisements());
            assertThat(fromCluster.speakerConfig()).as(n).isEqualTo(fromFile.speakerConfig());
        }
        DesiredState d1 = DesiredState.compute(s, "node-1", "flatnet");
        PeerConfig tor = d1.peers().stream().filter(p -> p.address().equals(IpAddress.parse("192.168.10.1")))
                .findFirst().orElseThrow();
        assertThat(tor.md5Password()).isEqualTo("s3cret");
        // the mesh: node-1 peers with node-2 (eBGP, its AS from the annotation) and node-3 at its annotated address
        assertThat(d1.peers()).extracting(p -> p.address().toString())
                .containsExactlyInAnyOrder("192.168.10.1", "192.168.10.12", "192.168.20.13");
    }

    private static Set<String> prefixes(DesiredState d) {
        return d.advertisements().stream().map(a -> a.prefix().toString())
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    @Test
    void serviceRoutesFollowEndpointsAllowListsAndTheExclusionLabel() throws Exception {
        ServiceInfo ingress = new ServiceInfo("default", "ingress", "LoadBalancer", List.of("10.96.0.20"), List.of(),
                List.of("203.0.113.10"), "Local");
        ServiceInfo ext = new ServiceInfo("default", "ext", "ClusterIP", List.of("10.96.0.30"), List.of("192.0.2.7"),
                List.of(), "Cluster");
        EndpointSliceInfo slice = new EndpointSliceInfo("default", "ingress-1", "ingress", Set.of("node-2", "node-3"));
        ClusterSnapshot s = snapshot(NODES, List.of(ingress, ext), List.of(slice), SECRETS);

        assertThat(prefixes(DesiredState.compute(s, "node-1", "flatnet"))).containsExactly(
                "10.244.1.0/24", "10.96.0.0/12", "192.0.2.7/32", "203.0.113.0/24");
        assertThat(prefixes(DesiredState.compute(s, "node-2", "flatnet"))).containsExactly(
                "10.244.2.0/24", "10.96.0.0/12", "10.96.0.20/32", "192.0.2.7/32", "203.0.113.0/24", "203.0.113.10/32");
        assertThat(prefixes(DesiredState.compute(s, "node-3", "flatnet"))).containsExactly(
                "10.244.3.0/24", "10.96.0.0/12", "10.96.0.20/32", "192.0.2.7/32");
        Advertisement lbHost = DesiredState.compute(s, "node-2", "flatnet").advertisements().stream()
                .filter(a -> a.prefix().toString().equals("203.0.113.10/32")).findFirst().orElseThrow();
        assertThat(lbHost.communities()).extracting(Object::toString).containsExactly("64512:300");

        // without a service on the allow-listed address, it is not advertised
        ClusterSnapshot none = snapshot(NODES, List.of(), List.of(), SECRETS);
        assertThat(prefixes(DesiredState.compute(none, "node-1", "flatnet"))).doesNotContain("192.0.2.7/32");
    }

    @Test
    void aMissingSecretRefusesTheConfigurationWithAMessageNamingIt() {
        ClusterSnapshot s = snapshot(NODES, List.of(), List.of(), Map.of());
        assertThatThrownBy(() -> DesiredState.compute(s, "node-1", "flatnet"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("BGPPeer tor")
                .hasMessageContaining("Secret flatnet/bgp-passwords does not exist");
        ClusterSnapshot wrongKey = snapshot(NODES, List.of(), List.of(),
                Map.of("bgp-passwords", new SecretData(Map.of("other", "x"))));
        assertThatThrownBy(() -> DesiredState.compute(wrongKey, "node-1", "flatnet"))
                .hasMessageContaining("has no key 'tor'").hasMessageNotContaining("x]");
    }
}
