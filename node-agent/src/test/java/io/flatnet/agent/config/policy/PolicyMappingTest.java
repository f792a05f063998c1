package io.flatnet.agent.config.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.agent.config.ConfigException;
import io.flatnet.agent.config.ConfigResources;
import io.flatnet.agent.config.file.ConfigFileLoader;
import io.flatnet.agent.config.model.NextHopMode;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.LargeCommunity;
import io.flatnet.bgp.policy.BgpFilter;
import io.flatnet.bgp.policy.FilterRule;
import io.flatnet.bgp.policy.Operation;
import io.flatnet.bgp.policy.PeerType;
import io.flatnet.bgp.policy.SourceMatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BGPFilter resources to the speaker's filters, field by field and operation by operation. */
class PolicyMappingTest {

    private static PolicyMapping.Mapped map(String spec) throws ConfigException {
        ConfigResources r = ConfigFileLoader.parse("policy.yaml", """
                apiVersion: flatnet.io/v1
                kind: BGPFilter
                metadata: {name: f}
                spec:
                """ + spec.indent(2));
        return PolicyMapping.map(r.filter("f").orElseThrow(), r.source());
    }

    private static FilterRule onlyRule(PolicyMapping.Mapped m) {
        List<FilterRule> all = new java.util.ArrayList<>();
        all.addAll(m.filter().exportV4());
        all.addAll(m.filter().importV4());
        all.addAll(m.filter().exportV6());
        all.addAll(m.filter().importV6());
        assertThat(all).hasSize(1);
        return all.getFirst();
    }

    @Test
    void actionAndEachMatchOperatorMapToTheSpeakersRule() throws Exception {
        PolicyMapping.Mapped m = map("""
                exportV4:
                  - {action: Accept, matchOperator: Equal, cidr: 10.244.1.0/24}
                  - {action: Reject, matchOperator: NotEqual, cidr: 10.244.2.0/24}
                  - {action: Accept, matchOperator: In, cidr: 10.244.0.0/16}
                  - {action: Reject, matchOperator: NotIn, cidr: 10.0.0.0/8}
                  - {action: Reject}
                """);
        assertThat(m.filter()).isEqualTo(BgpFilter.named("f").exportV4(
                FilterRule.accept().equal("10.244.1.0/24"),
                FilterRule.reject().notEqual("10.244.2.0/24"),
                FilterRule.accept().in("10.244.0.0/16"),
                FilterRule.reject().notIn("10.0.0.0/8"),
                FilterRule.reject()));
        assertThat(m.warnings()).isEmpty();
    }

    @Test
    void prefixLengthBoundsDefaultToZeroAndTheFamilysMaximum() throws Exception {
        assertThat(onlyRule(map("""
                importV4: [{action: Accept, matchOperator: In, cidr: 10.0.0.0/8, prefixLength: {min: 24, max: 28}}]
                """))).isEqualTo(FilterRule.accept().in("10.0.0.0/8").prefixLength(24, 28));
        assertThat(onlyRule(map("""
                importV4: [{action: Accept, matchOperator: In, cidr: 10.0.0.0/8, prefixLength: {min: 24}}]
                """))).isEqualTo(FilterRule.accept().in("10.0.0.0/8").prefixLength(24, 32));
        assertThat(onlyRule(map("""
                importV6: [{action: Accept, matchOperator: In, cidr: "fd00::/8", prefixLength: {max: 64}}]
                """))).isEqualTo(FilterRule.accept().in("fd00::/8").prefixLength(0, 64));
    }

    @Test
    void sourcePeerTypeCommunitiesAndAsPathPrefix() throws Exception {
        assertThat(onlyRule(map("""
                importV4:
                  - action: Reject
                    source: RemotePeers
                    peerType: eBGP
                    communities: {values: ["65000:100", "4200000001:1:2"]}
                    asPathPrefix: [65001, 4200000001]
                """))).isEqualTo(FilterRule.reject().source(SourceMatch.REMOTE_PEERS).peerType(PeerType.EBGP)
                .withCommunity(Community.of(65000, 100)).withLargeCommunity(new LargeCommunity(4_200_000_001L, 1, 2))
                .asPathPrefix(Asn.of(65001), Asn.of(4_200_000_001L)));
        assertThat(onlyRule(map("exportV6: [{action: Accept, peerType: iBGP}]")))
                .isEqualTo(FilterRule.accept().peerType(PeerType.IBGP));
    }

    @Test
    void addCommunityStandardAndLarge() throws Exception {
        assertThat(onlyRule(map("""
                exportV4:
                  - action: Accept
                    operations:
                      - addCommunity: {value: "64512:100"}
                      - addCommunity: {value: "64512:1:2"}
                """))).isEqualTo(FilterRule.accept().then(Operation.addCommunity(Community.of(64512, 100)))
                .then(Operation.addLargeCommunity(new LargeCommunity(64512, 1, 2))));
    }

    @Test
    void prependAsPathPutsTheListedAsesInFrontInTheOrderWritten() throws Exception {
        FilterRule rule = onlyRule(map("""
                exportV4:
                  - action: Accept
                    operations: [{prependASPath: {prefix: [65000, 65001, 65001]}}]
                """));
        // applied in order, each to the front: 65001 x2 first, then 65000 before them
        assertThat(rule.operations()).containsExactly(Operation.prepend(Asn.of(65001), 2), Operation.prepend(Asn.of(65000), 1));
        io.flatnet.bgp.model.route.RouteAttributes attrs = io.flatnet.bgp.model.route.RouteAttributes.builder(
                io.flatnet.bgp.model.route.RouteOrigin.IGP, io.flatnet.bgp.model.route.AsPath.sequence(Asn.of(65002)),
                io.flatnet.bgp.model.IpAddress.parse("10.0.0.1")).build();
        assertThat(rule.applyOperations(attrs, Asn.of(64512)).asPath().segments().stream()
                .flatMap(s -> s.asns().stream()).map(Asn::value).toList())
                .containsExactly(65000L, 65001L, 65001L, 65002L);
    }

    @Test
    void interfaceAndSetPriorityAreWarnedAboutNotSilentlyDropped() throws Exception {
        PolicyMapping.Mapped m = map("""
                exportV4:
                  - {action: Accept, interface: "kube-ipvs*"}
                  - action: Accept
                    matchOperator: In
                    cidr: 10.244.0.0/16
                    operations: [{setPriority: {value: 512}}]
                """);
        assertThat(m.filter().exportV4()).containsExactly(FilterRule.accept().in("10.244.0.0/16"));
        assertThat(m.warnings()).hasSize(2);
        assertThat(m.warnings().get(0)).contains("BGPFilter f spec.exportV4[0]", "interface 'kube-ipvs*'", "left out");
        assertThat(m.warnings().get(1)).contains("BGPFilter f spec.exportV4[1].operations[0]", "setPriority 512",
                "accepts without it");
    }

    @Test
    void whatTheSpeakerRefusesIsAConfigErrorNamingFileDocumentAndField() {
        String prefix = "[" + String.join(", ", java.util.Collections.nCopies(33, "65000")) + "]";
        assertThatThrownBy(() -> ConfigFileLoader.parse("policy.yaml", """
                apiVersion: flatnet.io/v1
                kind: Node
                metadata: {name: n}
                spec: {bgp: {ipv4Address: 10.0.0.1/24}}
                ---
                apiVersion: flatnet.io/v1
                kind: BGPFilter
                metadata: {name: f}
                spec:
                  exportV4:
                    - action: Accept
                      operations: [{prependASPath: {prefix: %s}}]
                    - action: Reject
                      operations: [{addCommunity: {value: "1:1"}}]
                """.formatted(prefix)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("policy.yaml: document 2 (BGPFilter f), spec.exportV4[0].operations[0]"
                        + ".prependASPath.prefix: AS 65000 33 times in a row; expected at most 32")
                .hasMessageContaining("policy.yaml: document 2 (BGPFilter f), spec.exportV4[1].operations[0]: a Reject"
                        + " rule changes nothing; expected operations only on Accept rules");
    }

    @Test
    void aPrefixOfTheWrongFamilyIsRefusedWithItsDocumentAndField() {
        assertThatThrownBy(() -> ConfigFileLoader.parse("policy.yaml", """
                apiVersion: flatnet.io/v1
                kind: BGPFilter
                metadata: {name: f}
                spec:
                  importV4: [{action: Accept, matchOperator: In, cidr: "fd00::/8"}]
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("policy.yaml: document 1 (BGPFilter f)")
                .hasMessageContaining("spec.importV4[0].cidr: 'fd00::/8' is not an IPv4 prefix; expected IPv4 in this list");
    }

    @Test
    void nextHopModes() {
        assertThat(PolicyMapping.nextHopMode(NextHopMode.AUTO)).isEqualTo(io.flatnet.bgp.policy.NextHopMode.AUTO);
        assertThat(PolicyMapping.nextHopMode(NextHopMode.SELF)).isEqualTo(io.flatnet.bgp.policy.NextHopMode.SELF);
        assertThat(PolicyMapping.nextHopMode(NextHopMode.KEEP)).isEqualTo(io.flatnet.bgp.policy.NextHopMode.KEEP);
    }

    @Test
    void operationsOnARejectRuleAreRefusedNamingTheRule() {
        assertThatThrownBy(() -> map("""
                importV4:
                  - action: Reject
                    operations: [{addCommunity: {value: "64512:1"}}]
                """)).isInstanceOf(ConfigException.class).hasMessage("policy.yaml: document 1 (BGPFilter f), spec.importV4[0]"
                + ".operations[0]: a Reject rule changes nothing; expected operations only on Accept rules");
    }
}
