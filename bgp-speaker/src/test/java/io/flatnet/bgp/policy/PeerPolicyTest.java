package io.flatnet.bgp.policy;

import static io.flatnet.bgp.policy.PolicyFixtures.LOCAL;
import static io.flatnet.bgp.policy.PolicyFixtures.NODE_A;
import static io.flatnet.bgp.policy.PolicyFixtures.NODE_B;
import static io.flatnet.bgp.policy.PolicyFixtures.TOR;
import static io.flatnet.bgp.policy.PolicyFixtures.UPSTREAM;
import static io.flatnet.bgp.policy.PolicyFixtures.attrs;
import static io.flatnet.bgp.policy.PolicyFixtures.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.route.RouteAttributes;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PeerPolicyTest {
    private static final IpPrefix BLOCK = prefix("10.244.1.0/26");
    private static final IpPrefix SERVICE = prefix("10.96.0.10/32");
    private static final IpPrefix V6_BLOCK = prefix("fd00:10:244:1::/122");
    private static final RouteAttributes OWN = attrs().build();
    private static final RouteAttributes FROM_TOR = attrs(65001).build();

    private static CompiledPeerPolicy compile(PeerPolicy policy) {
        return policy.compile(ProtocolRules.standard());
    }

    @Nested
    class Defaults {
        private final CompiledPeerPolicy defaults = compile(PeerPolicy.defaults());

        @Test
        void importAcceptsEverything() {
            assertThat(defaults.importRoute(BLOCK, FROM_TOR, TOR)).isSameAs(PolicyResult.unchanged());
            assertThat(defaults.importRoute(BLOCK, OWN, NODE_A)).isSameAs(PolicyResult.unchanged());
        }

        @Test
        void exportSendsTheNodesOwnRoutes() {
            assertThat(defaults.exportRoute(BLOCK, OWN, LOCAL, TOR)).isSameAs(PolicyResult.unchanged());
            assertThat(defaults.exportRoute(BLOCK, OWN, LOCAL, NODE_A)).isSameAs(PolicyResult.unchanged());
        }

        @Test
        void exportDoesNotSendLearnedRoutes() {
            PolicyResult r = defaults.exportRoute(BLOCK, FROM_TOR, TOR, UPSTREAM);
            assertThat(r).isSameAs(CompiledPeerPolicy.DEFAULT_EXPORT_REJECT);
            assertThat(((PolicyResult.Rejected) r).reason()).contains("default export");
        }

        @Test
        void iBgpSplitHorizonHolds() {
            PolicyResult r = defaults.exportRoute(BLOCK, OWN, NODE_A, NODE_B);
            assertThat(r.isRejected()).isTrue();
            assertThat(((PolicyResult.Rejected) r).reason()).contains("RFC 4271");
        }
    }

    @Nested
    class Rfc8212 {
        private final CompiledPeerPolicy none = compile(PeerPolicy.none());

        @Test
        void anEbgpPeerWithoutPolicyIsSentNothing() {
            PolicyResult r = none.exportRoute(BLOCK, OWN, LOCAL, TOR);
            assertThat(r).isInstanceOf(PolicyResult.Rejected.class);
            assertThat(((PolicyResult.Rejected) r).reason())
                    .startsWith("RFC 8212: no policy configured for eBGP peer 192.0.2.1")
                    .contains("sent nothing");
        }

        @Test
        void nothingAnEbgpPeerWithoutPolicySendsIsAccepted() {
            PolicyResult r = none.importRoute(BLOCK, FROM_TOR, TOR);
            assertThat(((PolicyResult.Rejected) r).reason())
                    .startsWith("RFC 8212: no policy configured for eBGP peer 192.0.2.1")
                    .contains("nothing it sends is accepted");
        }

        @Test
        void theRefusalIsBuiltOncePerPeer() {
            PolicyResult first = none.importRoute(BLOCK, FROM_TOR, TOR);
            assertThat(none.importRoute(SERVICE, FROM_TOR, TOR)).isSameAs(first);
            PolicyResult other = none.importRoute(SERVICE, attrs(65002).build(), UPSTREAM);
            assertThat(((PolicyResult.Rejected) other).reason()).contains("192.0.2.2");
        }

        @Test
        void iBgpPeersWithoutPolicyGetTheDefaults() {
            assertThat(none.exportRoute(BLOCK, OWN, LOCAL, NODE_A)).isSameAs(PolicyResult.unchanged());
            assertThat(none.importRoute(BLOCK, OWN, NODE_A)).isSameAs(PolicyResult.unchanged());
        }

        @Test
        void explicitDefaultsAreAPolicy() {
            assertThat(PeerPolicy.none().configured()).isFalse();
            assertThat(PeerPolicy.defaults().configured()).isTrue();
            assertThat(PeerPolicy.of(List.of())).isEqualTo(PeerPolicy.defaults());
            assertThat(compile(PeerPolicy.defaults()).exportRoute(BLOCK, OWN, LOCAL, TOR).isAccepted()).isTrue();
        }
    }

    @Nested
    class Filters {
        @Test
        void firstMatchingRuleWins() {
            BgpFilter f = BgpFilter.named("f").exportV4(
                    FilterRule.reject().equal("10.244.1.0/26"),
                    FilterRule.accept().in("10.244.0.0/16"));
            CompiledPeerPolicy p = compile(PeerPolicy.of(f));
            PolicyResult r = p.exportRoute(BLOCK, OWN, LOCAL, TOR);
            assertThat(((PolicyResult.Rejected) r).reason()).isEqualTo("filter 'f' exportV4 rule 0: Reject");
            assertThat(p.exportRoute(prefix("10.244.2.0/26"), OWN, LOCAL, TOR).isAccepted()).isTrue();
        }

        @Test
        void aFilterWithoutMatchFallsThroughToTheNextFilter() {
            BgpFilter first = BgpFilter.named("first").exportV4(FilterRule.reject().in("192.168.0.0/16"));
            BgpFilter second = BgpFilter.named("second").exportV4(FilterRule.reject().in("10.244.0.0/16"));
            PolicyResult r = compile(PeerPolicy.of(first, second)).exportRoute(BLOCK, OWN, LOCAL, TOR);
            assertThat(((PolicyResult.Rejected) r).reason()).isEqualTo("filter 'second' exportV4 rule 0: Reject");
        }

        @Test
        void noMatchingRuleFallsThroughToTheDefaults() {
            BgpFilter f = BgpFilter.named("f")
                    .exportV4(FilterRule.reject().in("192.168.0.0/16"))
                    .importV4(FilterRule.reject().in("192.168.0.0/16"));
            CompiledPeerPolicy p = compile(PeerPolicy.of(f));
            assertThat(p.exportRoute(BLOCK, OWN, LOCAL, TOR)).isSameAs(PolicyResult.unchanged());
            assertThat(p.exportRoute(BLOCK, FROM_TOR, TOR, UPSTREAM)).isSameAs(CompiledPeerPolicy.DEFAULT_EXPORT_REJECT);
            assertThat(p.importRoute(BLOCK, FROM_TOR, TOR)).isSameAs(PolicyResult.unchanged());
        }

        @Test
        void aFilterCanRejectOwnRoutesOnExport() {
            BgpFilter noHostRoutes = BgpFilter.named("no-host-routes").exportV4(FilterRule.reject().prefixLength(32, 32));
            CompiledPeerPolicy p = compile(PeerPolicy.of(noHostRoutes));
            assertThat(p.exportRoute(SERVICE, OWN, LOCAL, TOR).isRejected()).isTrue();
            assertThat(p.exportRoute(BLOCK, OWN, LOCAL, TOR).isAccepted()).isTrue();
        }

        @Test
        void aFilterCanAcceptLearnedRoutesOnExport() {
            BgpFilter transit = BgpFilter.named("transit").exportV4(FilterRule.accept().source(SourceMatch.REMOTE_PEERS));
            assertThat(compile(PeerPolicy.of(transit)).exportRoute(BLOCK, FROM_TOR, TOR, UPSTREAM))
                    .isSameAs(PolicyResult.unchanged());
        }

        @Test
        void aFilterCannotOverrideIbgpSplitHorizon() {
            BgpFilter all = BgpFilter.named("all").exportV4(FilterRule.accept());
            assertThat(compile(PeerPolicy.of(all)).exportRoute(BLOCK, OWN, NODE_A, NODE_B).isRejected()).isTrue();
        }

        @Test
        void onlyRulesOnCidrOrPrefixLengthMakeTheVerdictDependOnThePrefix() {
            // Where no rule reads the prefix, the speaker asks once per run of prefixes.
            BgpFilter byAttributes = BgpFilter.named("attrs")
                    .importV4(FilterRule.reject().asPathPrefix(Asn.of(65009)))
                    .exportV4(FilterRule.accept().source(SourceMatch.REMOTE_PEERS));
            CompiledPeerPolicy p = compile(PeerPolicy.of(byAttributes));
            assertThat(p.readsPrefix(Afi.IPV4)).isFalse();
            assertThat(p.exportReadsPrefix(Afi.IPV4)).isFalse();

            BgpFilter byPrefix = BgpFilter.named("prefixes")
                    .importV4(FilterRule.reject().equal("0.0.0.0/0"))
                    .exportV4(FilterRule.reject().prefixLength(32, 32));
            CompiledPeerPolicy q = compile(PeerPolicy.of(byPrefix));
            assertThat(q.readsPrefix(Afi.IPV4)).isTrue();
            assertThat(q.exportReadsPrefix(Afi.IPV4)).isTrue();
            assertThat(q.readsPrefix(Afi.IPV6)).as("the IPv6 lists are empty").isFalse();
            assertThat(q.exportReadsPrefix(Afi.IPV6)).isFalse();
        }

        @Test
        void importRejectByFilter() {
            BgpFilter f = BgpFilter.named("no-default").importV4(FilterRule.reject().equal("0.0.0.0/0"));
            CompiledPeerPolicy p = compile(PeerPolicy.of(f));
            PolicyResult r = p.importRoute(prefix("0.0.0.0/0"), FROM_TOR, TOR);
            assertThat(((PolicyResult.Rejected) r).reason()).isEqualTo("filter 'no-default' importV4 rule 0: Reject");
            assertThat(p.importRoute(BLOCK, FROM_TOR, TOR)).isSameAs(PolicyResult.unchanged());
        }

        @Test
        void ipv6RoutesUseTheV6Lists() {
            BgpFilter f = BgpFilter.named("f")
                    .exportV4(FilterRule.reject())
                    .exportV6(FilterRule.accept().in("fd00:10:244::/48").then(Operation.setMed(7)));
            CompiledPeerPolicy p = compile(PeerPolicy.of(f));
            assertThat(p.exportRoute(V6_BLOCK, OWN, LOCAL, TOR).attributes(OWN).med()).hasValue(7);
            assertThat(p.exportRoute(BLOCK, OWN, LOCAL, TOR).isRejected()).isTrue();
        }

        @Test
        void operationsApplyOnAccept() {
            Community tag = Community.parse("64512:300");
            BgpFilter f = BgpFilter.named("tag").exportV4(FilterRule.accept().in("10.244.0.0/16")
                    .then(Operation.addCommunity(tag)).then(Operation.prependOwnAs(2)));
            PolicyResult r = compile(PeerPolicy.of(f)).exportRoute(BLOCK, OWN, LOCAL, TOR);
            assertThat(r).isInstanceOf(PolicyResult.Modified.class);
            RouteAttributes out = r.attributes(OWN);
            assertThat(out.communities()).containsExactly(tag);
            assertThat(out.asPath()).isEqualTo(PolicyFixtures.asPath(64512, 64512));
            assertThat(OWN.communities()).as("input untouched").isEmpty();
        }

        @Test
        void operationsThatChangeNothingLeaveTheSameInstance() {
            Community tag = Community.parse("64512:300");
            RouteAttributes tagged = attrs().communities(List.of(tag)).build();
            BgpFilter f = BgpFilter.named("tag").exportV4(FilterRule.accept().then(Operation.addCommunity(tag)));
            assertThat(compile(PeerPolicy.of(f)).exportRoute(BLOCK, tagged, LOCAL, TOR)).isSameAs(PolicyResult.unchanged());
        }
    }

    @Nested
    class EbgpImport {
        private final CompiledPeerPolicy defaults = compile(PeerPolicy.defaults());

        @Test
        void localPrefReceivedOverEbgpIsDropped() {
            RouteAttributes withPref = attrs(65001).localPref(500).build();
            PolicyResult r = defaults.importRoute(BLOCK, withPref, TOR);
            assertThat(r.attributes(withPref).localPref()).isEmpty();
            assertThat(defaults.importRoute(BLOCK, withPref, NODE_A)).as("kept over iBGP").isSameAs(PolicyResult.unchanged());
        }

        @Test
        void importCanSetLocalPrefOnEbgpRoutes() {
            BgpFilter f = BgpFilter.named("prefer-tor").importV4(FilterRule.accept().then(Operation.setLocalPref(200)));
            RouteAttributes withPref = attrs(65001).localPref(500).build();
            assertThat(compile(PeerPolicy.of(f)).importRoute(BLOCK, withPref, TOR).attributes(withPref).localPref())
                    .hasValue(200);
        }

        @Test
        void ownAsInThePathIsALoop() {
            RouteAttributes looped = attrs(65001, 64512, 65003).build();
            assertThat(defaults.importRoute(BLOCK, looped, TOR)).isSameAs(CompiledPeerPolicy.OWN_AS_IN_PATH);
        }

        @Test
        void peerTypeOnImportIsTheSendingPeer() {
            BgpFilter f = BgpFilter.named("f").importV4(FilterRule.reject().peerType(PeerType.EBGP));
            CompiledPeerPolicy p = compile(PeerPolicy.of(f));
            assertThat(p.importRoute(BLOCK, FROM_TOR, TOR).isRejected()).isTrue();
            assertThat(p.importRoute(BLOCK, OWN, NODE_A).isAccepted()).isTrue();
        }
    }

    @Nested
    class ProtocolRulesHook {
        /** Rules that export learned routes by default and tag what they let through. */
        private final ProtocolRules reflecting = new ProtocolRules() {
            @Override
            public boolean exportsLearnedByDefault(SourceFacts source, PeerContext to) {
                return true;
            }

            @Override
            public PolicyResult importRoute(IpPrefix prefix, RouteAttributes attributes, PeerContext from) {
                return PolicyResult.unchanged();
            }

            @Override
            public PolicyResult exportRoute(IpPrefix prefix, RouteAttributes attributes, SourceFacts source, PeerContext to) {
                return PolicyResult.accepted(attributes, attributes.withMed(1));
            }
        };

        @Test
        void learnedRoutesTheRulesExportByDefaultGoOut() {
            PolicyResult r = PeerPolicy.defaults().compile(reflecting).exportRoute(BLOCK, OWN, NODE_A, NODE_B);
            assertThat(r.attributes(OWN).med()).hasValue(1);
        }

        @Test
        void filtersSeeAndKeepWhatTheRulesChanged() {
            BgpFilter f = BgpFilter.named("f").exportV4(FilterRule.accept().then(Operation.addCommunity(Community.parse("1:1"))));
            RouteAttributes out = PeerPolicy.of(f).compile(reflecting).exportRoute(BLOCK, OWN, NODE_A, NODE_B).attributes(OWN);
            assertThat(out.med()).hasValue(1);
            assertThat(out.communities()).containsExactly(Community.parse("1:1"));
        }

        @Test
        void aFilterCanStillRejectWhatTheRulesWouldExport() {
            BgpFilter f = BgpFilter.named("f").exportV4(FilterRule.reject().source(SourceMatch.REMOTE_PEERS));
            assertThat(PeerPolicy.of(f).compile(reflecting).exportRoute(BLOCK, OWN, NODE_A, NODE_B).isRejected()).isTrue();
        }
    }
}
