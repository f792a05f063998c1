package io.flatnet.bgp.policy;

import static io.flatnet.bgp.policy.PolicyFixtures.LOCAL_AS;
import static io.flatnet.bgp.policy.PolicyFixtures.asPath;
import static io.flatnet.bgp.policy.PolicyFixtures.attrs;
import static io.flatnet.bgp.policy.PolicyFixtures.prefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.LargeCommunity;
import io.flatnet.bgp.model.route.AsPath;
import io.flatnet.bgp.model.route.AsPathSegment;
import io.flatnet.bgp.model.route.RouteAttributes;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FilterRuleTest {
    private static final IpPrefix P24 = prefix("10.244.1.0/24");
    private static final RouteAttributes PLAIN = attrs(65001).build();

    private static boolean matches(FilterRule rule, IpPrefix prefix, RouteAttributes a) {
        return rule.matches(prefix, a, SourceKind.EBGP, PeerType.EBGP);
    }

    @Test
    void aRuleWithNoConditionMatchesEverything() {
        assertThat(matches(FilterRule.accept(), P24, PLAIN)).isTrue();
        assertThat(FilterRule.reject().matches(prefix("::/0"), PLAIN, SourceKind.LOCAL, PeerType.IBGP)).isTrue();
    }

    @Test
    void cidrOperatorIsApplied() {
        assertThat(matches(FilterRule.accept().equal("10.244.1.0/24"), P24, PLAIN)).isTrue();
        assertThat(matches(FilterRule.accept().notEqual("10.244.1.0/24"), P24, PLAIN)).isFalse();
        assertThat(matches(FilterRule.accept().in("10.244.0.0/16"), P24, PLAIN)).isTrue();
        assertThat(matches(FilterRule.accept().notIn("10.244.0.0/16"), P24, PLAIN)).isFalse();
    }

    @Test
    void prefixLengthBoundsAreInclusive() {
        FilterRule rule = FilterRule.accept().in("10.0.0.0/8").prefixLength(24, 26);
        assertThat(matches(rule, prefix("10.1.0.0/23"), PLAIN)).isFalse();
        assertThat(matches(rule, prefix("10.1.0.0/24"), PLAIN)).isTrue();
        assertThat(matches(rule, prefix("10.1.0.0/26"), PLAIN)).isTrue();
        assertThat(matches(rule, prefix("10.1.0.0/27"), PLAIN)).isFalse();
    }

    @Test
    void prefixLengthAloneNeedsNoCidr() {
        FilterRule hostRoutes = FilterRule.reject().prefixLength(32, 32);
        assertThat(matches(hostRoutes, prefix("10.96.0.10/32"), PLAIN)).isTrue();
        assertThat(matches(hostRoutes, P24, PLAIN)).isFalse();
    }

    @Test
    void prefixLengthRangeRejectsNonsense() {
        assertThatThrownBy(() -> PrefixLengthRange.of(26, 24)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrefixLengthRange.of(-1, 24)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrefixLengthRange.of(0, 129)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sourceRemotePeersMatchesLearnedRoutesNotLocalOnes() {
        FilterRule remote = FilterRule.accept().source(SourceMatch.REMOTE_PEERS);
        assertThat(remote.matches(P24, PLAIN, SourceKind.EBGP, PeerType.EBGP)).isTrue();
        assertThat(remote.matches(P24, PLAIN, SourceKind.IBGP, PeerType.EBGP)).isTrue();
        assertThat(remote.matches(P24, PLAIN, SourceKind.LOCAL, PeerType.EBGP)).isFalse();
        FilterRule local = FilterRule.accept().source(SourceMatch.LOCAL);
        assertThat(local.matches(P24, PLAIN, SourceKind.LOCAL, PeerType.EBGP)).isTrue();
        assertThat(local.matches(P24, PLAIN, SourceKind.IBGP, PeerType.EBGP)).isFalse();
    }

    @Test
    void peerTypeMatchesTheSession() {
        FilterRule toIbgp = FilterRule.accept().peerType(PeerType.IBGP);
        assertThat(toIbgp.matches(P24, PLAIN, SourceKind.LOCAL, PeerType.IBGP)).isTrue();
        assertThat(toIbgp.matches(P24, PLAIN, SourceKind.LOCAL, PeerType.EBGP)).isFalse();
    }

    @Test
    void standardCommunitiesMustAllBeCarried() {
        Community a = Community.parse("65000:100");
        Community b = Community.parse("65000:200");
        FilterRule rule = FilterRule.accept().withCommunity(a).withCommunity(b);
        assertThat(matches(rule, P24, attrs(65001).communities(List.of(b, a)).build())).isTrue();
        assertThat(matches(rule, P24, attrs(65001).communities(List.of(a)).build())).isFalse();
        assertThat(matches(rule, P24, PLAIN)).isFalse();
    }

    @Test
    void largeCommunityMatch() {
        LargeCommunity lc = LargeCommunity.parse("4200000001:1:2");
        FilterRule rule = FilterRule.accept().withLargeCommunity(lc);
        assertThat(matches(rule, P24, attrs(65001).largeCommunities(List.of(lc)).build())).isTrue();
        assertThat(matches(rule, P24, attrs(65001).largeCommunities(List.of(LargeCommunity.parse("4200000001:1:3"))).build()))
                .isFalse();
        assertThat(matches(rule, P24, attrs(65001).communities(List.of(Community.parse("1:2"))).build())).isFalse();
    }

    @Test
    void asPathPrefixMatchesTheStartOfThePath() {
        FilterRule rule = FilterRule.accept().asPathPrefix(Asn.of(65001), Asn.of(65002));
        assertThat(matches(rule, P24, attrs(65001, 65002).build())).isTrue();
        assertThat(matches(rule, P24, attrs(65001, 65002, 65003).build())).isTrue();
        assertThat(matches(rule, P24, attrs(65001).build())).as("too short").isFalse();
        assertThat(matches(rule, P24, attrs(65002, 65001).build())).as("wrong order").isFalse();
        assertThat(matches(rule, P24, attrs(65000, 65001, 65002).build())).as("not at the start").isFalse();
        assertThat(matches(rule, P24, attrs().build())).as("empty path").isFalse();
    }

    @Test
    void asPathPrefixReadsAcrossSequenceSegmentsButNotIntoASet() {
        List<Asn> wanted = List.of(Asn.of(1), Asn.of(2));
        AsPath split = AsPath.of(AsPathSegment.sequence(Asn.of(1)), AsPathSegment.sequence(Asn.of(2), Asn.of(3)));
        assertThat(FilterRule.startsWith(split, wanted)).isTrue();
        AsPath set = AsPath.of(AsPathSegment.sequence(Asn.of(1)), AsPathSegment.set(Asn.of(2)));
        assertThat(FilterRule.startsWith(set, wanted)).isFalse();
    }

    @Test
    void allConditionsMustHold() {
        FilterRule rule = FilterRule.accept().in("10.244.0.0/16").peerType(PeerType.EBGP)
                .withCommunity(Community.parse("65000:1"));
        RouteAttributes tagged = attrs(65001).communities(List.of(Community.parse("65000:1"))).build();
        assertThat(rule.matches(P24, tagged, SourceKind.EBGP, PeerType.EBGP)).isTrue();
        assertThat(rule.matches(P24, tagged, SourceKind.EBGP, PeerType.IBGP)).isFalse();
        assertThat(rule.matches(P24, PLAIN, SourceKind.EBGP, PeerType.EBGP)).isFalse();
        assertThat(rule.matches(prefix("10.1.0.0/24"), tagged, SourceKind.EBGP, PeerType.EBGP)).isFalse();
    }

    @Test
    void aRejectRuleHasNoOperations() {
        assertThatThrownBy(() -> FilterRule.reject().then(Operation.setMed(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Nested
    class Operations {
        @Test
        void addCommunityAppendsOnce() {
            Community c = Community.parse("65000:100");
            RouteAttributes once = Operation.addCommunity(c).apply(PLAIN, LOCAL_AS);
            assertThat(once.communities()).containsExactly(c);
            assertThat(Operation.addCommunity(c).apply(once, LOCAL_AS)).isSameAs(once);
        }

        @Test
        void addLargeCommunityAppendsOnce() {
            LargeCommunity c = LargeCommunity.parse("64512:1:1");
            RouteAttributes existing = attrs(65001).largeCommunities(List.of(LargeCommunity.parse("64512:9:9"))).build();
            RouteAttributes once = Operation.addLargeCommunity(c).apply(existing, LOCAL_AS);
            assertThat(once.largeCommunities()).containsExactly(LargeCommunity.parse("64512:9:9"), c);
            assertThat(Operation.addLargeCommunity(c).apply(once, LOCAL_AS)).isSameAs(once);
        }

        @Test
        void prependGivenAsNTimes() {
            RouteAttributes out = Operation.prepend(Asn.of(65100), 3).apply(PLAIN, LOCAL_AS);
            assertThat(out.asPath()).isEqualTo(asPath(65100, 65100, 65100, 65001));
        }

        @Test
        void prependOwnAsUsesTheSessionsAs() {
            RouteAttributes out = Operation.prependOwnAs(2).apply(PLAIN, Asn.of(64999));
            assertThat(out.asPath()).isEqualTo(asPath(64999, 64999, 65001));
        }

        @Test
        void prependCountIsBounded() {
            assertThatThrownBy(() -> Operation.prependOwnAs(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Operation.prependOwnAs(33)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void setLocalPref() {
            RouteAttributes out = Operation.setLocalPref(200).apply(PLAIN, LOCAL_AS);
            assertThat(out.localPref()).hasValue(200);
            assertThat(Operation.setLocalPref(200).apply(out, LOCAL_AS)).isSameAs(out);
        }

        @Test
        void setMed() {
            RouteAttributes out = Operation.setMed(50).apply(PLAIN, LOCAL_AS);
            assertThat(out.med()).hasValue(50);
            assertThat(Operation.setMed(50).apply(out, LOCAL_AS)).isSameAs(out);
        }

        @Test
        void ruleAppliesItsOperationsInOrder() {
            FilterRule rule = FilterRule.accept()
                    .then(Operation.addCommunity(Community.parse("65000:1")))
                    .then(Operation.setMed(10))
                    .then(Operation.prependOwnAs(1));
            RouteAttributes out = rule.applyOperations(PLAIN, LOCAL_AS);
            assertThat(out.communities()).containsExactly(Community.parse("65000:1"));
            assertThat(out.med()).hasValue(10);
            assertThat(out.asPath()).isEqualTo(asPath(64512, 65001));
        }
    }
}
