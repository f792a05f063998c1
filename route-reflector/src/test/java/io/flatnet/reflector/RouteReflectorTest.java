package io.flatnet.reflector;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.model.route.AsPath;
import io.flatnet.bgp.model.route.RouteAttributes;
import io.flatnet.bgp.model.route.RouteOrigin;
import io.flatnet.bgp.policy.BgpFilter;
import io.flatnet.bgp.policy.CompiledPeerPolicy;
import io.flatnet.bgp.policy.FilterRule;
import io.flatnet.bgp.policy.PeerContext;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.policy.PolicyResult;
import io.flatnet.bgp.policy.SourceFacts;
import io.flatnet.bgp.policy.SourceMatch;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RouteReflectorTest {
    private static final Asn AS = Asn.of(64512);
    private static final RouterId RR_ID = RouterId.parse("10.0.0.100");
    private static final RouterId CLUSTER = RouterId.parse("244.0.0.1");
    private static final IpPrefix BLOCK = IpPrefix.parse("10.244.1.0/26");

    private static final PeerContext CLIENT_A = ibgp("10.0.1.1", true);
    private static final PeerContext CLIENT_B = ibgp("10.0.1.2", true);
    private static final PeerContext NON_CLIENT_X = ibgp("10.0.2.1", false);
    private static final PeerContext NON_CLIENT_Y = ibgp("10.0.2.2", false);
    private static final PeerContext TOR = new PeerContext(
            IpAddress.parse("192.0.2.1"), Asn.of(65001), RouterId.parse("192.0.2.1"), AS, RR_ID, false);
    private static final PeerContext UPSTREAM = new PeerContext(
            IpAddress.parse("192.0.2.2"), Asn.of(65002), RouterId.parse("192.0.2.2"), AS, RR_ID, false);

    private static final RouteAttributes FROM_IBGP = RouteAttributes.of(RouteOrigin.IGP, AsPath.EMPTY, IpAddress.parse("10.0.1.1"));
    private static final RouteAttributes FROM_EBGP = RouteAttributes.of(RouteOrigin.IGP, AsPath.sequence(Asn.of(65001)),
            IpAddress.parse("192.0.2.1"));

    private final RouteReflector rr = new RouteReflector(CLUSTER);

    private static PeerContext ibgp(String address, boolean client) {
        return new PeerContext(IpAddress.parse(address), AS, RouterId.parse(address), AS, RR_ID, client);
    }

    private PolicyResult export(RouteAttributes attributes, SourceFacts from, PeerContext to) {
        return rr.exportRoute(BLOCK, attributes, from, to);
    }

    private static void assertReflected(PolicyResult r, RouterId originator) {
        assertThat(r.isAccepted()).as("reflected: %s", r).isTrue();
        RouteAttributes out = r.attributes(FROM_IBGP);
        assertThat(out.originatorId()).hasValue(originator);
        assertThat(out.clusterList()).containsExactly(CLUSTER);
    }

    @Nested
    class Advertisement {
        @Test
        void clientToClient() {
            assertReflected(export(FROM_IBGP, CLIENT_A, CLIENT_B), CLIENT_A.routerId());
        }

        @Test
        void clientToNonClient() {
            assertReflected(export(FROM_IBGP, CLIENT_A, NON_CLIENT_X), CLIENT_A.routerId());
        }

        @Test
        void nonClientToClient() {
            assertReflected(export(FROM_IBGP, NON_CLIENT_X, CLIENT_A), NON_CLIENT_X.routerId());
        }

        @Test
        void nonClientToNonClientIsDropped() {
            PolicyResult r = export(FROM_IBGP, NON_CLIENT_X, NON_CLIENT_Y);
            assertThat(r.isRejected()).isTrue();
            assertThat(((PolicyResult.Rejected) r).reason()).contains("non-client").contains("RFC 4456");
        }

        @Test
        void ebgpLearnedGoesToAllUnchanged() {
            for (PeerContext to : List.of(CLIENT_A, CLIENT_B, NON_CLIENT_X, NON_CLIENT_Y, UPSTREAM)) {
                assertThat(export(FROM_EBGP, TOR, to)).as("to %s", to).isSameAs(PolicyResult.unchanged());
            }
        }

        @Test
        void ibgpLearnedGoesToEbgpPeersUnchanged() {
            assertThat(export(FROM_IBGP, NON_CLIENT_X, TOR)).isSameAs(PolicyResult.unchanged());
            assertThat(export(FROM_IBGP, CLIENT_A, TOR)).isSameAs(PolicyResult.unchanged());
        }

        @Test
        void localRoutesGoEverywhereUnchanged() {
            SourceFacts local = SourceFacts.local(RR_ID, AS);
            for (PeerContext to : List.of(CLIENT_A, NON_CLIENT_X, TOR)) {
                assertThat(export(FROM_IBGP, local, to)).isSameAs(PolicyResult.unchanged());
            }
        }

        @Test
        void nothingGoesBackToItsSender() {
            assertThat(export(FROM_IBGP, CLIENT_A, CLIENT_A).isRejected()).isTrue();
            assertThat(export(FROM_EBGP, TOR, TOR).isRejected()).isTrue();
        }
    }

    @Nested
    class Attributes {
        @Test
        void anExistingOriginatorIdIsKeptAndOurClusterGoesFirst() {
            RouterId farOriginator = RouterId.parse("10.9.9.9");
            RouterId otherCluster = RouterId.parse("244.0.0.2");
            RouteAttributes reflectedBefore = FROM_IBGP.toBuilder()
                    .originatorId(farOriginator).clusterList(List.of(otherCluster)).build();
            RouteAttributes out = export(reflectedBefore, CLIENT_A, CLIENT_B).attributes(reflectedBefore);
            assertThat(out.originatorId()).hasValue(farOriginator);
            assertThat(out.clusterList()).containsExactly(CLUSTER, otherCluster);
        }

        @Test
        void theInputIsNotTouched() {
            export(FROM_IBGP, CLIENT_A, CLIENT_B);
            assertThat(FROM_IBGP.originatorId()).isEmpty();
            assertThat(FROM_IBGP.clusterList()).isEmpty();
        }

        @Test
        void oneRouteReflectedToManyClientsIsOneAttributeSet() {
            RouteAttributes toB = export(FROM_IBGP, CLIENT_A, CLIENT_B).attributes(FROM_IBGP);
            RouteAttributes toX = export(FROM_IBGP, CLIENT_A, NON_CLIENT_X).attributes(FROM_IBGP);
            assertThat(toX).isSameAs(toB);
        }

        @Test
        void theSameAttributesFromAnotherOriginatorAreNotMixedUp() {
            RouteAttributes fromA = export(FROM_IBGP, CLIENT_A, NON_CLIENT_X).attributes(FROM_IBGP);
            RouteAttributes fromB = export(FROM_IBGP, CLIENT_B, NON_CLIENT_X).attributes(FROM_IBGP);
            assertThat(fromA.originatorId()).hasValue(CLIENT_A.routerId());
            assertThat(fromB.originatorId()).hasValue(CLIENT_B.routerId());
        }
    }

    @Nested
    class LoopDrops {
        @Test
        void ourRouterIdAsOriginatorIsDropped() {
            RouteAttributes back = FROM_IBGP.withOriginatorId(Optional.of(RR_ID));
            PolicyResult r = rr.importRoute(BLOCK, back, CLIENT_A);
            assertThat(((PolicyResult.Rejected) r).reason()).contains("ORIGINATOR_ID");
        }

        @Test
        void ourClusterIdInTheClusterListIsDropped() {
            RouteAttributes back = FROM_IBGP.toBuilder().originatorId(RouterId.parse("10.0.1.1"))
                    .clusterList(List.of(RouterId.parse("244.0.0.2"), CLUSTER)).build();
            PolicyResult r = rr.importRoute(BLOCK, back, NON_CLIENT_X);
            assertThat(((PolicyResult.Rejected) r).reason()).contains("CLUSTER_LIST").contains("244.0.0.1");
        }

        @Test
        void otherClustersAndOriginatorsPass() {
            RouteAttributes reflected = FROM_IBGP.toBuilder().originatorId(RouterId.parse("10.0.1.1"))
                    .clusterList(List.of(RouterId.parse("244.0.0.2"))).build();
            assertThat(rr.importRoute(BLOCK, reflected, NON_CLIENT_X)).isSameAs(PolicyResult.unchanged());
            assertThat(rr.importRoute(BLOCK, FROM_IBGP, CLIENT_A)).isSameAs(PolicyResult.unchanged());
        }
    }

    /** The reflector under the speaker's per-peer policy, as the speaker will run it. */
    @Nested
    class UnderPeerPolicy {
        @Test
        void whatItReflectsIsExportedByDefault() {
            CompiledPeerPolicy defaults = PeerPolicy.defaults().compile(rr);
            assertReflected(defaults.exportRoute(BLOCK, FROM_IBGP, CLIENT_A, CLIENT_B), CLIENT_A.routerId());
            assertThat(defaults.exportRoute(BLOCK, FROM_EBGP, TOR, CLIENT_A)).isSameAs(PolicyResult.unchanged());
            assertThat(defaults.exportRoute(BLOCK, FROM_IBGP, NON_CLIENT_X, NON_CLIENT_Y).isRejected()).isTrue();
        }

        @Test
        void learnedRoutesStillNeedAFilterTowardsEbgp() {
            CompiledPeerPolicy defaults = PeerPolicy.defaults().compile(rr);
            assertThat(defaults.exportRoute(BLOCK, FROM_IBGP, CLIENT_A, TOR).isRejected()).isTrue();
            BgpFilter transit = BgpFilter.named("to-tor").exportV4(FilterRule.accept().source(SourceMatch.REMOTE_PEERS));
            assertThat(PeerPolicy.of(transit).compile(rr).exportRoute(BLOCK, FROM_IBGP, CLIENT_A, TOR).isAccepted()).isTrue();
        }

        @Test
        void aFilterCanRejectWhatWouldBeReflected() {
            BgpFilter f = BgpFilter.named("no-block").exportV4(FilterRule.reject().equal("10.244.1.0/26"));
            assertThat(PeerPolicy.of(f).compile(rr).exportRoute(BLOCK, FROM_IBGP, CLIENT_A, CLIENT_B).isRejected()).isTrue();
        }

        @Test
        void importLoopChecksRunUnderPolicy() {
            RouteAttributes back = FROM_IBGP.withClusterList(List.of(CLUSTER));
            assertThat(PeerPolicy.defaults().compile(rr).importRoute(BLOCK, back, CLIENT_A).isRejected()).isTrue();
        }
    }
}
