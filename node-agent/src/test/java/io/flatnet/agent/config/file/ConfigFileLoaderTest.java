package io.flatnet.agent.config.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.agent.config.ConfigException;
import io.flatnet.agent.config.ConfigResources;
import io.flatnet.agent.config.model.BgpConfigurationSpec;
import io.flatnet.agent.config.model.BgpFilterRule;
import io.flatnet.agent.config.model.BgpPassword;
import io.flatnet.agent.config.model.BgpPeerSpec;
import io.flatnet.agent.config.model.BindMode;
import io.flatnet.agent.config.model.CommunityValue;
import io.flatnet.agent.config.model.FilterAction;
import io.flatnet.agent.config.model.FilterOperation;
import io.flatnet.agent.config.model.MatchOperator;
import io.flatnet.agent.config.model.NextHopMode;
import io.flatnet.agent.config.model.PeerType;
import io.flatnet.agent.config.selector.Selector;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ConfigFileLoaderTest {

    @Test
    void theExampleInDeployLoads() throws Exception {
        ConfigResources r = ConfigFileLoader.load(Path.of("../deploy/flatnet.example.yaml"));
        assertThat(r.nodes()).hasSize(3);
        assertThat(r.peers()).singleElement().satisfies(p -> {
            assertThat(p.spec().password()).containsInstanceOf(BgpPassword.Inline.class);
            assertThat(p.spec().filters()).containsExactly("pods-only-to-tor");
        });
        assertThat(r.filters()).hasSize(1);
        assertThat(r.global().nodeToNodeMeshEnabled()).isTrue();
    }

    @Test
    void defaultsApplyWithoutABgpConfiguration() throws Exception {
        ConfigResources r = ConfigFileLoader.parse("t.yaml", """
                apiVersion: flatnet.io/v1
                kind: Node
                metadata: {name: node-1}
                spec: {bgp: {ipv4Address: 10.0.0.1/24}}
                """);
        assertThat(r.global()).isEqualTo(BgpConfigurationSpec.DEFAULTS);
        assertThat(r.global().asNumber()).isEqualTo(Asn.of(64512));
        assertThat(r.global().nodeToNodeMeshEnabled()).isTrue();
        assertThat(r.global().listenPort()).isEqualTo(179);
    }

    @Test
    void everyFieldIsRead() throws Exception {
        ConfigResources r = ConfigFileLoader.parse("t.yaml", """
                apiVersion: flatnet.io/v1
                kind: BGPConfiguration
                metadata: {name: default}
                spec:
                  asNumber: 64086.59905
                  nodeToNodeMeshEnabled: false
                  listenPort: 1179
                  serviceClusterIPs: [{cidr: 10.96.0.0/12}, {cidr: "fd00:96::/108"}]
                  serviceExternalIPs: [{cidr: 192.0.2.0/24}]
                  serviceLoadBalancerIPs: [{cidr: 198.51.100.0/24}]
                  communities: [{name: big, value: "4200000001:1:2"}]
                  prefixAdvertisements: [{cidr: 192.0.2.0/24, communities: [big, "65000:7"]}]
                  nodeMeshPassword: {inline: mesh-key}
                  nodeMeshMaxRestartTime: 2m
                  bindMode: NodeIP
                  logSeverityScreen: Debug
                ---
                apiVersion: flatnet.io/v1
                kind: BGPPeer
                metadata: {name: v6-tor}
                spec:
                  peerIP: "[fd00::1]:1179"
                  asNumber: 65001
                  node: node-1
                  sourceAddress: None
                  nextHopMode: Self
                  maxRestartTime: 1m30s
                  keepaliveTime: 20s
                  ttlSecurity: 2
                  filters: [f]
                ---
                apiVersion: flatnet.io/v1
                kind: BGPFilter
                metadata: {name: f}
                spec:
                  exportV6:
                    - action: Accept
                      matchOperator: In
                      cidr: fd00:244::/48
                      prefixLength: {min: 64, max: 80}
                      source: RemotePeers
                      interface: "eth*"
                      peerType: eBGP
                      communities: {values: ["65000:1"]}
                      asPathPrefix: [65001, 65002]
                      operations:
                        - addCommunity: {value: "65000:2"}
                        - prependASPath: {prefix: [64512]}
                        - setPriority: {value: 100}
                ---
                apiVersion: flatnet.io/v1
                kind: Node
                metadata: {name: node-1, labels: {rack: r1}}
                spec:
                  bgp: {ipv6Address: "fd00::11/64", asNumber: 65010, routeReflectorClusterID: 244.0.0.1}
                """);
        BgpConfigurationSpec g = r.global();
        assertThat(g.asNumber()).isEqualTo(Asn.of(4200000001L));
        assertThat(g.listenPort()).isEqualTo(1179);
        assertThat(g.serviceClusterIPs()).containsExactly(IpPrefix.parse("10.96.0.0/12"), IpPrefix.parse("fd00:96::/108"));
        assertThat(g.resolveCommunity("big")).get().hasToString("4200000001:1:2");
        assertThat(g.nodeMeshMaxRestartTime()).contains(Duration.ofMinutes(2));
        assertThat(g.bindMode()).isEqualTo(BindMode.NODE_IP);

        BgpPeerSpec p = r.peers().getFirst().spec();
        assertThat(p.peerIP().orElseThrow().address()).isEqualTo(IpAddress.parse("fd00::1"));
        assertThat(p.peerIP().orElseThrow().port()).isEqualTo(OptionalInt.of(1179));
        assertThat(p.node()).contains("node-1");
        assertThat(p.nextHopMode()).isEqualTo(NextHopMode.SELF);
        assertThat(p.maxRestartTime()).contains(Duration.ofSeconds(90));
        assertThat(p.keepaliveTime()).contains(Duration.ofSeconds(20));
        assertThat(p.ttlSecurity()).isEqualTo(2);

        BgpFilterRule rule = r.filters().getFirst().spec().exportV6().getFirst();
        assertThat(rule.action()).isEqualTo(FilterAction.ACCEPT);
        assertThat(rule.matchOperator()).contains(MatchOperator.IN);
        assertThat(rule.prefixLength().orElseThrow().min()).isEqualTo(OptionalInt.of(64));
        assertThat(rule.interfaceName()).contains("eth*");
        assertThat(rule.peerType()).contains(PeerType.EBGP);
        assertThat(rule.communities()).singleElement().isInstanceOf(CommunityValue.Standard.class);
        assertThat(rule.asPathPrefix()).containsExactly(Asn.of(65001), Asn.of(65002));
        assertThat(rule.operations()).containsExactly(
                new FilterOperation.AddCommunity(CommunityValue.parse("65000:2")),
                new FilterOperation.PrependAsPath(List.of(Asn.of(64512))),
                new FilterOperation.SetPriority(100));

        var node = r.node("node-1").orElseThrow();
        assertThat(node.metadata().labels()).containsEntry("rack", "r1");
        assertThat(node.spec().bgp().routeReflectorClusterID()).contains(RouterId.parse("244.0.0.1"));
        assertThat(node.spec().bgp().ipv6Address().orElseThrow().prefixLength()).isEqualTo(64);
    }

    @Test
    void selectorsAreParsedAtLoad() throws Exception {
        ConfigResources r = ConfigFileLoader.parse("t.yaml", """
                apiVersion: flatnet.io/v1
                kind: BGPPeer
                metadata: {name: rrs}
                spec: {nodeSelector: "!has(rr)", peerSelector: "has(rr)"}
                """);
        assertThat(r.peers().getFirst().spec().peerSelector()).contains(Selector.parse("has(rr)"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> ConfigFileLoader.parse("t.yaml", """
                apiVersion: flatnet.io/v1
                kind: BGPPeer
                metadata: {name: a}
                spec: {peerIP: 10.0.0.1, asNumber: -1, ttlSecurity: x}
                """))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2))
                .hasMessage("""
                        t.yaml: document 1 (BGPPeer a), line 4, spec.asNumber: '-1' is not an AS number; \
                        expected asplain 0..4294967295 or asdot a.b
                        t.yaml: document 1 (BGPPeer a), line 4, spec.ttlSecurity: 'x' is not a hop count; \
                        expected a whole number 0..254""");
    }

    @Test
    void emptyDocumentsAreCountedAndSkipped() {
        assertThatThrownBy(() -> ConfigFileLoader.parse("t.yaml", """
                ---
                ---
                apiVersion: flatnet.io/v1
                kind: Node
                metadata: {name: Node_1}
                spec: {}
                """))
                .hasMessageStartingWith("t.yaml: document 2, line 5, metadata.name: 'Node_1' is not a valid name");
    }

    @Test
    void anEmptyFileIsRefused() {
        assertThatThrownBy(() -> ConfigFileLoader.parse("t.yaml", "# nothing\n"))
                .hasMessage("t.yaml: has no resources; expected YAML documents of kind BGPConfiguration, BGPPeer,"
                        + " BGPFilter, Node");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> ConfigFileLoader.load(Path.of("no/such/flatnet.yaml")))
                .hasMessageStartingWith("no/such/flatnet.yaml: cannot be read (NoSuchFileException");
    }

    @Test
    void aFileThatIsNotTextIsRefusedNamingIt(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.write(dir.resolve("flatnet.yaml"), new byte[] {(byte) 0xC3, (byte) 0x28, 0});
        assertThatThrownBy(() -> ConfigFileLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessage(file + ": is not UTF-8 text");
    }
}
