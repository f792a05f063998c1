package io.flatnet.bgp.rib;

import static io.flatnet.bgp.rib.Routes.PREFIX;
import static io.flatnet.bgp.rib.Routes.attrs;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.route.RouteAttributes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Loc-RIB's BestPathChange events as peers announce, withdraw and go down. */
class LocRibTest {
    private static final RouteSource A = Routes.ebgp("192.0.2.1", "10.0.0.1", 65001);
    private static final RouteSource B = Routes.ebgp("192.0.2.2", "10.0.0.2", 65002);
    private static final RouteAttributes VIA_A = attrs(65001).build();
    private static final RouteAttributes VIA_B_SHORTER = attrs().nextHop(IpAddress.parse("192.0.2.2")).build();
    private static final RouteAttributes VIA_B_LONGER = attrs(65002, 65003).nextHop(IpAddress.parse("192.0.2.2")).build();

    private final Rib rib = new Rib(BestPathOptions.DEFAULT);
    private final List<BestPathChange> changes = new ArrayList<>();

    LocRibTest() {
        rib.addListener(changes::add);
    }

    private LocRib loc() {
        return rib.locRib(Afi.IPV4);
    }

    @Test
    void firstAnnouncementMakesABest() {
        rib.announce(A, PREFIX, VIA_A);

        assertThat(changes).hasSize(1);
        BestPathChange c = changes.get(0);
        assertThat(c.prefix()).isEqualTo(PREFIX);
        assertThat(c.previous().hasBest()).isFalse();
        assertThat(c.current().best().orElseThrow().source()).isEqualTo(A);
        assertThat(c.current().reason()).isEqualTo(BestPathReason.ONLY_PATH);
        assertThat(loc().prefixCount()).isEqualTo(1);
    }

    @Test
    void aBetterPathTakesOver() {
        rib.announce(A, PREFIX, VIA_A);
        changes.clear();

        rib.announce(B, PREFIX, VIA_B_SHORTER);

        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).previous().best().orElseThrow().source()).isEqualTo(A);
        assertThat(changes.get(0).current().best().orElseThrow().source()).isEqualTo(B);
        assertThat(changes.get(0).current().reason()).isEqualTo(BestPathReason.AS_PATH_LENGTH);
        assertThat(loc().candidates(PREFIX)).hasSize(2);
        assertThat(loc().pathCount()).isEqualTo(2);
    }

    @Test
    void aWorsePathChangesNothingDownstream() {
        rib.announce(A, PREFIX, VIA_A);
        changes.clear();

        rib.announce(B, PREFIX, VIA_B_LONGER);

        assertThat(changes).isEmpty();
        assertThat(loc().best(PREFIX).reason()).isEqualTo(BestPathReason.AS_PATH_LENGTH);
    }

    @Test
    void aDuplicateAnnouncementIsSilent() {
        rib.announce(A, PREFIX, VIA_A);
        changes.clear();

        rib.announce(A, PREFIX, attrs(65001).build());

        assertThat(changes).isEmpty();
    }

    @Test
    void newAttributesFromTheSamePeerReplaceItsPath() {
        rib.announce(A, PREFIX, VIA_A);
        changes.clear();

        rib.announce(A, PREFIX, attrs(65001).med(5).build());

        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).current().best().orElseThrow().attributes().med()).hasValue(5);
        assertThat(loc().candidates(PREFIX)).hasSize(1);
    }

    @Test
    void withdrawingTheBestFallsBackToTheNext() {
        rib.announce(A, PREFIX, VIA_A);
        rib.announce(B, PREFIX, VIA_B_SHORTER);
        changes.clear();

        rib.withdraw(B, List.of(PREFIX));

        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).previous().best().orElseThrow().source()).isEqualTo(B);
        assertThat(changes.get(0).current().best().orElseThrow().source()).isEqualTo(A);
        assertThat(changes.get(0).current().reason()).isEqualTo(BestPathReason.ONLY_PATH);
    }

    @Test
    void withdrawingTheLastPathIsAWithdrawal() {
        rib.announce(A, PREFIX, VIA_A);
        changes.clear();

        rib.withdraw(A, NlriList.of(PREFIX));

        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).isWithdrawal()).isTrue();
        assertThat(loc().prefixCount()).isZero();
        assertThat(loc().best(PREFIX)).isEqualTo(BestPathResult.NONE);
    }

    @Test
    void withdrawingAnUnknownPrefixIsIgnored() {
        rib.announce(A, PREFIX, VIA_A);
        changes.clear();

        rib.withdraw(A, List.of(IpPrefix.parse("10.9.9.0/24")));
        rib.withdraw(B, List.of(PREFIX));

        assertThat(changes).isEmpty();
        assertThat(loc().prefixCount()).isEqualTo(1);
    }

    @Test
    void peerDownRemovesAllItsPathsAndReportsEachPrefix() {
        IpPrefix other = IpPrefix.parse("10.244.2.0/24");
        rib.announce(A, NlriList.of(PREFIX, other), VIA_A);
        rib.announce(B, PREFIX, VIA_B_LONGER);
        changes.clear();

        rib.peerDown(A);

        assertThat(changes).extracting(BestPathChange::prefix).containsExactlyInAnyOrder(PREFIX, other);
        BestPathChange forPrefix = changes.stream().filter(c -> c.prefix().equals(PREFIX)).findFirst().orElseThrow();
        assertThat(forPrefix.current().best().orElseThrow().source()).isEqualTo(B);
        BestPathChange forOther = changes.stream().filter(c -> c.prefix().equals(other)).findFirst().orElseThrow();
        assertThat(forOther.isWithdrawal()).isTrue();
        assertThat(rib.adjRibIn(A.peerAddress())).isEmpty();
        assertThat(loc().prefixCount()).isEqualTo(1);
        assertThat(loc().pathCount()).isEqualTo(1);
    }

    @Test
    void ecmpSetChangesAreReported() {
        Rib ecmp = new Rib(BestPathOptions.DEFAULT.withMaxPaths(4));
        List<BestPathChange> seen = new ArrayList<>();
        ecmp.addListener(seen::add);
        RouteSource tor1 = Routes.ebgp("192.0.2.1", "10.0.0.1", 65001);
        RouteSource tor2 = Routes.ebgp("192.0.2.2", "10.0.0.2", 65001);
        ecmp.announce(tor1, PREFIX, attrs(65001).build());

        ecmp.announce(tor2, PREFIX, attrs(65001).nextHop(IpAddress.parse("192.0.2.2")).build());

        assertThat(seen).hasSize(2);
        assertThat(seen.get(1).previous().ecmp()).hasSize(1);
        assertThat(seen.get(1).current().ecmp()).extracting(Path::source).containsExactly(tor1, tor2);
        assertThat(seen.get(1).current().best().orElseThrow().source()).isEqualTo(tor1);
    }

    @Test
    void unreachableNextHopGivesNoBest() {
        Rib strict = new Rib(BestPathOptions.DEFAULT, nextHop -> !nextHop.equals(IpAddress.parse("192.0.2.1")));
        List<BestPathChange> seen = new ArrayList<>();
        strict.addListener(seen::add);

        strict.announce(A, PREFIX, VIA_A);

        assertThat(seen).isEmpty();
        assertThat(strict.locRib(Afi.IPV4).best(PREFIX).reason()).isEqualTo(BestPathReason.NEXT_HOP_UNREACHABLE);
        assertThat(strict.locRib(Afi.IPV4).candidates(PREFIX)).hasSize(1);
    }

    @Test
    void ipv6RoutesGoToTheIpv6LocRib() {
        IpPrefix v6 = IpPrefix.parse("fd00:10:244:1::/64");

        rib.announce(A, v6, attrs(65001).nextHop(IpAddress.parse("fd00::1")).build());

        assertThat(rib.locRib(Afi.IPV6).best(v6).best()).isPresent();
        assertThat(rib.locRib(Afi.IPV4).prefixCount()).isZero();
        assertThat(changes.get(0).prefix()).isEqualTo(v6);
    }

    @Test
    void addPathPathsFromOnePeerAreSeparateCandidates() {
        NlriList nlri = NlriList.builder(Afi.IPV4, true).add(1, PREFIX).add(2, PREFIX).build();

        rib.announce(A, nlri, VIA_A);

        assertThat(loc().candidates(PREFIX)).extracting(Path::pathId).containsExactlyInAnyOrder(1L, 2L);
        assertThat(loc().best(PREFIX).reason()).isEqualTo(BestPathReason.PATH_ID);

        rib.withdraw(A, NlriList.builder(Afi.IPV4, true).add(1, PREFIX).build());

        assertThat(loc().candidates(PREFIX)).extracting(Path::pathId).containsExactly(2L);
    }
}
