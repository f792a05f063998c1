package io.flatnet.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flatnet.agent.config.ConfigException;
import io.flatnet.agent.k8s.SnapshotResources;
import io.flatnet.k8s.ClusterSnapshot;
import io.flatnet.k8s.FlatnetObject;
import io.flatnet.k8s.NodeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken Kubernetes resources, as the agent's Kubernetes mode reads them (a cluster snapshot
 * through {@link SnapshotResources}): one bad field in an otherwise good BGPConfiguration,
 * BGPPeer, BGPFilter or Node each, and the refusal must name the object and the field. The file
 * form of the same mistakes is node-agent's {@code config/broken/} corpus (BrokenConfigTest).
 */
class BrokenKubernetesResourcesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final FlatnetObject GOOD_CONFIG = object("BGPConfiguration", "default", """
            {"asNumber": 64512, "serviceClusterIPs": [{"cidr": "10.96.0.0/12"}]}""");
    static final FlatnetObject GOOD_PEER = object("BGPPeer", "tor", """
            {"peerIP": "192.168.10.1", "asNumber": 65001}""");
    static final NodeInfo GOOD_NODE = new NodeInfo("node-1", Map.of("rack", "r1"), Map.of(), List.of("10.244.1.0/24"),
            List.of("192.168.10.11"));

    /**
     * One broken resource and what the refusal must contain: the object, the field path, the reason.
     */
    record Case(String name, List<FlatnetObject> objects, List<NodeInfo> nodes, List<String> message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case object(String name, FlatnetObject broken, String... message) {
        List<FlatnetObject> objects = new ArrayList<>(List.of(GOOD_CONFIG, GOOD_PEER));
        objects.removeIf(o -> o.kind().equals(broken.kind()) && o.name().equals(broken.name()));
        objects.add(broken);
        return new Case(name, objects, List.of(GOOD_NODE), List.of(message));
    }

    static Case node(String name, Map<String, String> annotations, String... message) {
        NodeInfo n = new NodeInfo("node-1", Map.of("rack", "r1"), annotations, List.of("10.244.1.0/24"), List.of("192.168.10.11"));
        return new Case(name, List.of(GOOD_CONFIG, GOOD_PEER), List.of(n), List.of(message));
    }

    static Stream<Case> cases() {
        return Stream.of(
                object("peer AS not a number", object("BGPPeer", "tor", """
                        {"peerIP": "192.168.10.1", "asNumber": "65001x"}"""), "BGPPeer tor", "spec.asNumber"),
                object("peer AS out of range", object("BGPPeer", "tor", """
                        {"peerIP": "192.168.10.1", "asNumber": 4294967296}"""), "BGPPeer tor", "spec.asNumber"),
                object("peer IP not an address", object("BGPPeer", "tor", """
                        {"peerIP": "192.168.10.300", "asNumber": 65001}"""), "BGPPeer tor", "spec.peerIP"),
                object("peer without an AS", object("BGPPeer", "tor", """
                        {"peerIP": "192.168.10.1"}"""), "BGPPeer tor", "spec.asNumber"),
                object("peer with an unknown field", object("BGPPeer", "tor", """
                        {"peerIP": "192.168.10.1", "asNumber": 65001, "peerAS": 65001}"""), "BGPPeer tor", "spec.peerAS"),
                object("peer with a bad node selector", object("BGPPeer", "tor", """
                        {"peerIP": "192.168.10.1", "asNumber": 65001, "nodeSelector": "rack == "}"""),
                        "BGPPeer tor", "spec.nodeSelector"),
                object("peer with a TTL hops of the wrong type", object("BGPPeer", "tor", """
                        {"peerIP": "192.168.10.1", "asNumber": 65001, "ttlSecurity": "two"}"""),
                        "BGPPeer tor", "spec.ttlSecurity"),
                object("peer with a bad next hop mode", object("BGPPeer", "tor", """
                        {"peerIP": "192.168.10.1", "asNumber": 65001, "nextHopMode": "sometimes"}"""),
                        "BGPPeer tor", "spec.nextHopMode"),
                object("configuration AS not a number", object("BGPConfiguration", "default", """
                        {"asNumber": "many"}"""), "BGPConfiguration default", "spec.asNumber"),
                object("configuration with a bad service CIDR", object("BGPConfiguration", "default", """
                        {"asNumber": 64512, "serviceClusterIPs": [{"cidr": "10.96.0.0/33"}]}"""),
                        "BGPConfiguration default", "spec.serviceClusterIPs[0].cidr"),
                object("configuration with a bad log severity", object("BGPConfiguration", "default", """
                        {"asNumber": 64512, "logSeverityScreen": "Chatty"}"""),
                        "BGPConfiguration default", "spec.logSeverityScreen"),
                object("configuration with an undefined community", object("BGPConfiguration", "default", """
                        {"asNumber": 64512, "prefixAdvertisements": [{"cidr": "10.244.0.0/16", "communities": ["nope"]}]}"""),
                        "BGPConfiguration default", "spec.prefixAdvertisements[0].communities[0]"),
                object("filter with a bad action", object("BGPFilter", "f", """
                        {"importV4": [{"action": "Maybe", "matchOperator": "In", "cidr": "10.0.0.0/8"}]}"""),
                        "BGPFilter f", "spec.importV4[0].action"),
                object("filter with an IPv6 CIDR in a v4 rule", object("BGPFilter", "f", """
                        {"exportV4": [{"action": "Accept", "matchOperator": "In", "cidr": "fd00::/8"}]}"""),
                        "BGPFilter f", "spec.exportV4[0].cidr"),
                node("node AS annotation not a number", Map.of(SnapshotResources.AS_NUMBER, "sixty"),
                        "Node node-1", "spec.bgp.asNumber"),
                node("node IPv4 address annotation not an address", Map.of(SnapshotResources.IPV4_ADDRESS, "192.168.10.300/24"),
                        "Node node-1", "spec.bgp.ipv4Address"),
                node("node cluster id annotation not an id", Map.of(SnapshotResources.ROUTE_REFLECTOR_CLUSTER_ID, "r1"),
                        "Node node-1", "spec.bgp.routeReflectorClusterID"));
    }

    @Test
    void theGoodClusterIsAccepted() throws ConfigException {
        assertThat(SnapshotResources.of(snapshot(List.of(GOOD_CONFIG, GOOD_PEER), List.of(GOOD_NODE)), "flatnet")).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithAMessageNamingTheField(Case c) {
        assertThatThrownBy(() -> SnapshotResources.of(snapshot(c.objects(), c.nodes()), "flatnet"))
                .isInstanceOf(ConfigException.class)
                .message().contains(c.message());
    }

    private static ClusterSnapshot snapshot(List<FlatnetObject> objects, List<NodeInfo> nodes) {
        return new ClusterSnapshot(nodes, List.of(), List.of(), of(objects, "BGPConfiguration"), of(objects, "BGPPeer"),
                of(objects, "BGPFilter"), Map.of());
    }

    private static List<FlatnetObject> of(List<FlatnetObject> objects, String kind) {
        return objects.stream().filter(o -> o.kind().equals(kind)).toList();
    }

    static FlatnetObject object(String kind, String name, String spec) {
        try {
            JsonNode json = JSON.readTree(spec);
            return new FlatnetObject(kind, name, Map.of(), json);
        } catch (Exception e) {
            throw new IllegalArgumentException(spec, e);
        }
    }
}
