package io.flatnet.bgp.rib;

import static io.flatnet.bgp.rib.Routes.LOCAL;
import static io.flatnet.bgp.rib.Routes.attrs;
import static io.flatnet.bgp.rib.Routes.ebgp;
import static io.flatnet.bgp.rib.Routes.ibgp;
import static io.flatnet.bgp.rib.Routes.path;
import static io.flatnet.bgp.rib.Routes.unreachable;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.model.route.AsPath;
import io.flatnet.bgp.model.route.AsPathSegment;
import io.flatnet.bgp.model.route.RouteOrigin;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per step of the decision process, each asserting the reason that decided. */
class BestPathSelectorTest {
    private static final RouteSource PEER_A = ebgp("192.0.2.10", "10.0.0.10", 65001);
    private static final RouteSource PEER_B = ebgp("192.0.2.20", "10.0.0.20", 65002);
    private static final RouteSource PEER_B_SAME_AS = ebgp("192.0.2.20", "10.0.0.20", 65001);
    private static final RouteSource RR_CLIENT_1 = ibgp("10.1.0.1", "10.0.1.1");
    private static final RouteSource RR_CLIENT_2 = ibgp("10.1.0.2", "10.0.1.2");

    private final BestPathSelector selector = new BestPathSelector(BestPathOptions.DEFAULT);
    private final BestPathSelector ecmp4 = new BestPathSelector(BestPathOptions.DEFAULT.withMaxPaths(4));

    @Test
    void noCandidates() {
        BestPathResult r = selector.select(List.of());

        assertThat(r.best()).isEmpty();
        assertThat(r.reason()).isEqualTo(BestPathReason.NO_PATHS);
    }

    @Test
    void onlyPath() {
        Path only = path(PEER_A, attrs(65001));

        BestPathResult r = selector.select(List.of(only));

        assertThat(r.best()).contains(only);
        assertThat(r.reason()).isEqualTo(BestPathReason.ONLY_PATH);
        assertThat(r.ecmp()).containsExactly(only);
    }

    @Test
    void unreachableNextHopIsNotEligibleEvenWhenOtherwiseBetter() {
        Path better = unreachable(PEER_A, attrs(65001).localPref(500));
        Path reachable = path(PEER_B, attrs(65002, 65003));

        BestPathResult r = selector.select(List.of(better, reachable));

        assertThat(r.best()).contains(reachable);
        assertThat(r.reason()).isEqualTo(BestPathReason.NEXT_HOP_UNREACHABLE);
    }

    @Test
    void noBestWhenEveryNextHopIsUnreachable() {
        BestPathResult r = selector.select(List.of(unreachable(PEER_A, attrs(65001)), unreachable(PEER_B, attrs(65002))));

        assertThat(r.best()).isEmpty();
        assertThat(r.ecmp()).isEmpty();
        assertThat(r.reason()).isEqualTo(BestPathReason.NEXT_HOP_UNREACHABLE);
    }

    @Test
    void highestLocalPref() {
        Path high = path(RR_CLIENT_2, attrs(65001, 65002, 65003).localPref(200));
        Path normal = path(RR_CLIENT_1, attrs(65001).localPref(100));

        BestPathResult r = selector.select(List.of(normal, high));

        assertThat(r.best()).contains(high);
        assertThat(r.reason()).isEqualTo(BestPathReason.LOCAL_PREF);
    }

    @Test
    void missingLocalPrefCountsAsTheDefault100() {
        Path absent = path(RR_CLIENT_1, attrs(65001));
        Path ninetyNine = path(RR_CLIENT_2, attrs().localPref(99));

        BestPathResult r = selector.select(List.of(ninetyNine, absent));

        assertThat(r.best()).contains(absent);
        assertThat(r.reason()).isEqualTo(BestPathReason.LOCAL_PREF);
    }

    @Test
    void locallyOriginatedBeatsLearned() {
        Path local = path(LOCAL, attrs().origin(RouteOrigin.INCOMPLETE));
        Path learned = path(RR_CLIENT_1, attrs());

        BestPathResult r = selector.select(List.of(learned, local));

        assertThat(r.best()).contains(local);
        assertThat(r.reason()).isEqualTo(BestPathReason.LOCAL_ORIGIN);
    }

    @Test
    void shortestAsPath() {
        Path shorter = path(PEER_B, attrs(65002, 65010).origin(RouteOrigin.INCOMPLETE));
        Path longer = path(PEER_A, attrs(65001, 65005, 65010));

        BestPathResult r = selector.select(List.of(longer, shorter));

        assertThat(r.best()).contains(shorter);
        assertThat(r.reason()).isEqualTo(BestPathReason.AS_PATH_LENGTH);
    }

    @Test
    void asSetCountsOneAndConfederationSegmentsNothing() {
        // 2 (sequence) + 1 (set of three) = 3, against a plain sequence of 4.
        AsPath withSet = AsPath.of(AsPathSegment.sequence(Asn.of(65002), Asn.of(65003)),
                AsPathSegment.set(Asn.of(1), Asn.of(2), Asn.of(3)));
        AsPath withConfed = AsPath.of(
                new AsPathSegment(AsPathSegment.Type.CONFED_SEQUENCE, List.of(Asn.of(64600), Asn.of(64601))),
                AsPathSegment.sequence(Asn.of(65001), Asn.of(65005), Asn.of(65006), Asn.of(65007)));
        Path set = path(PEER_B, attrs().asPath(withSet));
        Path confed = path(PEER_A, attrs().asPath(withConfed));

        BestPathResult r = selector.select(List.of(confed, set));

        assertThat(r.best()).contains(set);
        assertThat(r.reason()).isEqualTo(BestPathReason.AS_PATH_LENGTH);
    }

    @Test
    void lowestOrigin() {
        Path egp = path(PEER_A, attrs(65001).origin(RouteOrigin.EGP));
        Path igp = path(PEER_B, attrs(65002).origin(RouteOrigin.IGP).med(1000));

        BestPathResult r = selector.select(List.of(egp, igp));

        assertThat(r.best()).contains(igp);
        assertThat(r.reason()).isEqualTo(BestPathReason.ORIGIN);
    }

    @Test
    void lowestMedFromTheSameNeighbouringAs() {
        Path med10 = path(PEER_B_SAME_AS, attrs(65001).med(10));
        Path med20 = path(PEER_A, attrs(65001).med(20));

        BestPathResult r = selector.select(List.of(med20, med10));

        assertThat(r.best()).contains(med10);
        assertThat(r.reason()).isEqualTo(BestPathReason.MED);
    }

    @Test
    void missingMedCountsAsZero() {
        Path none = path(PEER_B_SAME_AS, attrs(65001));
        Path med5 = path(PEER_A, attrs(65001).med(5));

        BestPathResult r = selector.select(List.of(med5, none));

        assertThat(r.best()).contains(none);
        assertThat(r.reason()).isEqualTo(BestPathReason.MED);
    }

    @Test
    void missingMedAsWorstWhenConfigured() {
        Path none = path(PEER_B_SAME_AS, attrs(65001));
        Path med5 = path(PEER_A, attrs(65001).med(5));

        BestPathResult r = new BestPathSelector(BestPathOptions.DEFAULT.withMissingMedAsWorst(true))
                .select(List.of(none, med5));

        assertThat(r.best()).contains(med5);
        assertThat(r.reason()).isEqualTo(BestPathReason.MED);
    }

    @Test
    void medIsNotComparedAcrossNeighbouringAses() {
        // B has the lower MED but comes from another AS; the router id decides, and A's is lower.
        Path a = path(PEER_A, attrs(65001).med(50));
        Path b = path(PEER_B, attrs(65002).med(0));

        BestPathResult r = selector.select(List.of(b, a));

        assertThat(r.best()).contains(a);
        assertThat(r.reason()).isEqualTo(BestPathReason.ROUTER_ID);
    }

    @Test
    void alwaysCompareMedComparesAcrossNeighbouringAses() {
        Path a = path(PEER_A, attrs(65001).med(50));
        Path b = path(PEER_B, attrs(65002).med(0));

        BestPathResult r = new BestPathSelector(BestPathOptions.DEFAULT.withAlwaysCompareMed(true)).select(List.of(a, b));

        assertThat(r.best()).contains(b);
        assertThat(r.reason()).isEqualTo(BestPathReason.MED);
    }

    @Test
    void ebgpOverIbgp() {
        Path internal = path(RR_CLIENT_1, attrs(65001));
        Path external = path(ebgp("192.0.2.99", "10.0.0.99", 65001), attrs(65001));

        BestPathResult r = selector.select(List.of(internal, external));

        assertThat(r.best()).contains(external);
        assertThat(r.reason()).isEqualTo(BestPathReason.EBGP_OVER_IBGP);
    }

    @Test
    void lowestRouterId() {
        Path low = path(RR_CLIENT_2.withRouterId(RouterId.parse("10.0.0.1")), attrs(65001));
        Path high = path(RR_CLIENT_1.withRouterId(RouterId.parse("10.0.0.2")), attrs(65001));

        BestPathResult r = selector.select(List.of(high, low));

        assertThat(r.best()).contains(low);
        assertThat(r.reason()).isEqualTo(BestPathReason.ROUTER_ID);
    }

    @Test
    void routerIdComparesUnsigned() {
        Path low = path(RR_CLIENT_1.withRouterId(RouterId.parse("100.0.0.1")), attrs(65001));
        Path high = path(RR_CLIENT_2.withRouterId(RouterId.parse("200.0.0.1")), attrs(65001));

        assertThat(selector.select(List.of(high, low)).best()).contains(low);
    }

    @Test
    void originatorIdStandsInForTheRouterId() {
        // Reflected: the peer's own id is lower, but the ORIGINATOR_ID is what counts (RFC 4456 §9).
        Path reflected = path(RR_CLIENT_1.withRouterId(RouterId.parse("10.0.0.1")), attrs(65001).originatorId(RouterId.parse("10.9.9.9")));
        Path direct = path(RR_CLIENT_2.withRouterId(RouterId.parse("10.0.0.5")), attrs(65001));

        BestPathResult r = selector.select(List.of(reflected, direct));

        assertThat(r.best()).contains(direct);
        assertThat(r.reason()).isEqualTo(BestPathReason.ROUTER_ID);
    }

    @Test
    void shortestClusterList() {
        RouterId originator = RouterId.parse("10.0.5.5");
        Path twoClusters = path(RR_CLIENT_1, attrs(65001).originatorId(originator)
                .clusterList(List.of(RouterId.parse("1.1.1.1"), RouterId.parse("2.2.2.2"))));
        Path oneCluster = path(RR_CLIENT_2, attrs(65001).originatorId(originator)
                .clusterList(List.of(RouterId.parse("3.3.3.3"))));

        BestPathResult r = selector.select(List.of(twoClusters, oneCluster));

        assertThat(r.best()).contains(oneCluster);
        assertThat(r.reason()).isEqualTo(BestPathReason.CLUSTER_LIST_LENGTH);
    }

    @Test
    void lowestPeerAddress() {
        // Two sessions to the same router (same router id), e.g. over two links.
        Path viaLow = path(ibgp("10.1.0.1", "10.0.7.7"), attrs(65001));
        Path viaHigh = path(ibgp("10.2.0.1", "10.0.7.7"), attrs(65001));

        BestPathResult r = selector.select(List.of(viaHigh, viaLow));

        assertThat(r.best()).contains(viaLow);
        assertThat(r.reason()).isEqualTo(BestPathReason.PEER_ADDRESS);
    }

    @Test
    void lowestPathIdBetweenAddPathsOfOnePeer() {
        Path id2 = path(RR_CLIENT_1, 2, attrs(65001).build());
        Path id1 = path(RR_CLIENT_1, 1, attrs(65001).build());

        BestPathResult r = selector.select(List.of(id2, id1));

        assertThat(r.best()).contains(id1);
        assertThat(r.reason()).isEqualTo(BestPathReason.PATH_ID);
    }

    @Test
    void ecmpTakesPathsEqualThroughEbgpOverIbgpWithTheSameNeighbourAs() {
        Path tor1 = path(ebgp("192.0.2.1", "10.0.0.1", 65001), attrs(65001, 65100));
        Path tor2 = path(ebgp("192.0.2.2", "10.0.0.2", 65001), attrs(65001, 65200).med(0));
        Path otherAs = path(ebgp("192.0.2.3", "10.0.0.3", 65003), attrs(65003, 65100));
        Path longer = path(ebgp("192.0.2.4", "10.0.0.0", 65001), attrs(65001, 65100, 65300));

        BestPathResult r = ecmp4.select(List.of(longer, otherAs, tor2, tor1));

        assertThat(r.best()).contains(tor1);
        assertThat(r.reason()).isEqualTo(BestPathReason.ROUTER_ID);
        assertThat(r.ecmp()).containsExactly(tor1, tor2);
    }

    @Test
    void ecmpLeavesOutPathsThatLostOnMed() {
        Path med0 = path(ebgp("192.0.2.1", "10.0.0.9", 65001), attrs(65001));
        Path med0b = path(ebgp("192.0.2.2", "10.0.0.8", 65001), attrs(65001).med(0));
        Path med7 = path(ebgp("192.0.2.3", "10.0.0.1", 65001), attrs(65001).med(7));

        BestPathResult r = ecmp4.select(List.of(med7, med0, med0b));

        assertThat(r.best()).contains(med0b);
        assertThat(r.ecmp()).containsExactly(med0b, med0);
    }

    @Test
    void ecmpIsCappedAtMaxPathsKeepingTheBestFirst() {
        Path p1 = path(ibgp("10.1.0.1", "10.0.0.1"), attrs(65001));
        Path p2 = path(ibgp("10.1.0.2", "10.0.0.2"), attrs(65001));
        Path p3 = path(ibgp("10.1.0.3", "10.0.0.3"), attrs(65001));

        BestPathResult r = new BestPathSelector(BestPathOptions.DEFAULT.withMaxPaths(2)).select(List.of(p3, p2, p1));

        assertThat(r.ecmp()).containsExactly(p1, p2);
    }

    @Test
    void ecmpIsOffByDefault() {
        Path p1 = path(ibgp("10.1.0.1", "10.0.0.1"), attrs(65001));
        Path p2 = path(ibgp("10.1.0.2", "10.0.0.2"), attrs(65001));

        assertThat(selector.select(List.of(p2, p1)).ecmp()).containsExactly(p1);
    }

    @Test
    void noEcmpWhenAnEarlierStepDecided() {
        Path p1 = path(ibgp("10.1.0.1", "10.0.0.1"), attrs(65001).localPref(200));
        Path p2 = path(ibgp("10.1.0.2", "10.0.0.2"), attrs(65001));

        assertThat(ecmp4.select(List.of(p1, p2)).ecmp()).containsExactly(p1);
    }

    @Test
    void ecmpSkipsUnreachableNextHops() {
        Path p1 = path(ibgp("10.1.0.1", "10.0.0.1"), attrs(65001));
        Path p2 = unreachable(ibgp("10.1.0.2", "10.0.0.2"), attrs(65001));
        Path p3 = path(ibgp("10.1.0.3", "10.0.0.3"), attrs(65001));

        assertThat(ecmp4.select(List.of(p1, p2, p3)).ecmp()).containsExactly(p1, p3);
    }

    @Test
    void medNonTransitivityDoesNotMakeTheResultOrderDependent() {
        // The classic triangle: A (AS 1, MED 10) beats B (AS 1, MED 20) on MED; B beats C (AS 2)
        // on router id; C beats A on router id. Pairwise comparison in arrival order gives a
        // different winner per order; set elimination gives C whatever the order.
        Path a = path(ebgp("192.0.2.1", "10.0.0.30", 1), attrs(1).med(10));
        Path b = path(ebgp("192.0.2.2", "10.0.0.10", 1), attrs(1).med(20));
        Path c = path(ebgp("192.0.2.3", "10.0.0.20", 2), attrs(2));

        for (List<Path> order : List.of(List.of(a, b, c), List.of(a, c, b), List.of(b, a, c), List.of(b, c, a),
                List.of(c, a, b), List.of(c, b, a))) {
            BestPathResult r = selector.select(order);
            assertThat(r.best()).as("order %s", order).contains(c);
            assertThat(r.reason()).isEqualTo(BestPathReason.ROUTER_ID);
        }
    }
}
