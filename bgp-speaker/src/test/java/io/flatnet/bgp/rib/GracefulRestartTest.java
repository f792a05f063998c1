package io.flatnet.bgp.rib;

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

/** RFC 4724 §4.2, receiving speaker: stale marking, refresh by re-announcement, sweep. */
class GracefulRestartTest {
    private static final RouteSource PEER = Routes.ebgp("192.0.2.1", "10.0.0.1", 65001);
    private static final IpPrefix P1 = IpPrefix.parse("10.244.1.0/24");
    private static final IpPrefix P2 = IpPrefix.parse("10.244.2.0/24");
    private static final IpPrefix P3 = IpPrefix.parse("10.244.3.0/24");
    private static final RouteAttributes ATTRS = attrs(65001).build();

    private final Rib rib = new Rib(BestPathOptions.DEFAULT);
    private final List<BestPathChange> changes = new ArrayList<>();

    GracefulRestartTest() {
        rib.addListener(changes::add);
        rib.announce(PEER, NlriList.of(P1, P2, P3), ATTRS);
        changes.clear();
    }

    private AdjRibIn adj() {
        return rib.adjRibIn(PEER.peerAddress()).orElseThrow();
    }

    @Test
    void markedPathsStayCandidatesAndStayBest() {
        rib.markStale(PEER);

        assertThat(changes).isEmpty();
        assertThat(adj().staleCount(Afi.IPV4)).isEqualTo(3);
        assertThat(rib.locRib(Afi.IPV4).best(P1).best()).isPresent();
    }

    @Test
    void reannouncingRefreshesWithoutAnEvent() {
        rib.markStale(PEER, Afi.IPV4);

        rib.announce(PEER, NlriList.of(P1, P2), attrs(65001).build());

        assertThat(changes).isEmpty();
        assertThat(adj().staleCount(Afi.IPV4)).isEqualTo(1);
        assertThat(adj().isStale(adj().get(P3, 0).orElseThrow())).isTrue();
        assertThat(adj().isStale(adj().get(P1, 0).orElseThrow())).isFalse();
    }

    @Test
    void reannouncingWithNewAttributesIsAChange() {
        rib.markStale(PEER, Afi.IPV4);

        rib.announce(PEER, P1, attrs(65001).med(9).build());

        assertThat(changes).extracting(BestPathChange::prefix).containsExactly(P1);
    }

    @Test
    void endOfRibSweepsWhatWasNotSentAgain() {
        rib.markStale(PEER, Afi.IPV4);
        rib.announce(PEER, NlriList.of(P1, P2), ATTRS);

        int swept = rib.sweepStale(PEER, Afi.IPV4);

        assertThat(swept).isEqualTo(1);
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).prefix()).isEqualTo(P3);
        assertThat(changes.get(0).isWithdrawal()).isTrue();
        assertThat(adj().size(Afi.IPV4)).isEqualTo(2);
        assertThat(adj().staleCount(Afi.IPV4)).isZero();
    }

    @Test
    void sweepingAgainRemovesNothing() {
        rib.markStale(PEER, Afi.IPV4);
        rib.sweepStale(PEER, Afi.IPV4);
        changes.clear();

        assertThat(rib.sweepStale(PEER, Afi.IPV4)).isZero();
        assertThat(changes).isEmpty();
    }

    @Test
    void anOldRestartTimerDoesNotSweepAfterANewerMark() {
        int firstMark = rib.markStale(PEER, Afi.IPV4);
        rib.announce(PEER, P1, ATTRS);
        rib.markStale(PEER, Afi.IPV4);

        assertThat(rib.sweepStale(PEER, Afi.IPV4, firstMark)).isZero();
        assertThat(adj().size(Afi.IPV4)).isEqualTo(3);
    }

    @Test
    void markingOneFamilyLeavesTheOtherFresh() {
        IpPrefix v6 = IpPrefix.parse("fd00:10:244:1::/64");
        rib.announce(PEER, v6, attrs(65001).nextHop(IpAddress.parse("fd00::1")).build());

        rib.markStale(PEER, Afi.IPV4);

        assertThat(rib.sweepStale(PEER, Afi.IPV6)).isZero();
        assertThat(rib.sweepStale(PEER, Afi.IPV4)).isEqualTo(3);
        assertThat(rib.locRib(Afi.IPV6).best(v6).best()).isPresent();
    }

    @Test
    void executorSweepsWhenTheRestartTimeRunsOut() throws Exception {
        try (RibExecutor executor = new RibExecutor(rib)) {
            executor.peerRestarting(PEER, Afi.IPV4, java.time.Duration.ofMillis(20));
            executor.announce(PEER, NlriList.of(P1), ATTRS);

            long deadline = System.nanoTime() + 5_000_000_000L;
            while (executor.query(r -> r.adjRibIn(PEER.peerAddress()).orElseThrow().size(Afi.IPV4)).get() != 1) {
                assertThat(System.nanoTime()).as("stale paths swept within 5 s").isLessThan(deadline);
                Thread.sleep(10);
            }
            assertThat(executor.query(r -> r.locRib(Afi.IPV4).prefixCount()).get()).isEqualTo(1);
        }
    }
}
