package io.flatnet.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The syncer's logic against {@link InMemoryRouteTable}: gateways .2 on ifindex 3, .1.2 on 5. */
class RouteSyncerTest {

    private static final int STATIC = 4;

    private InMemoryRouteTable kernel;
    private RouteSyncer syncer;

    @BeforeEach
    void setUp() {
        kernel = new InMemoryRouteTable()
                .connect("100.64.0.0/24", 3)
                .connect("100.64.1.0/24", 5)
                .connect("fd00:64::/64", 3);
        syncer = new RouteSyncer(kernel);
    }

    private static KernelRoute route(String prefix, String... gateways) {
        return KernelRoute.unicast(prefix, gateways);
    }

    /** The route as the kernel holds it after the syncer pinned its next hops to interfaces. */
    private KernelRoute inKernel(String prefix) {
        return kernel.get(new RouteKey(Prefix.parse(prefix), 254, Prefix.parse(prefix).isIpv4() ? 0 : 1024))
                .orElse(null);
    }

    @Test
    void installsDesiredRoutesWithNextHopsPinnedToTheirInterface() {
        syncer.start();
        SyncReport r = syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2"), route("100.80.1.0/24", "100.64.1.2")));

        assertThat(r.added()).isEqualTo(2);
        assertThat(r.failures()).isEmpty();
        assertThat(inKernel("100.80.0.0/24").nextHops()).containsExactly(NextHop.via("100.64.0.2", 3));
        assertThat(inKernel("100.80.1.0/24").nextHops()).containsExactly(NextHop.via("100.64.1.2", 5));
    }

    @Test
    void sameDesiredSetTwiceSendsNothing() {
        syncer.start();
        syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2"), KernelRoute.blackhole("100.96.0.0/26")));
        int before = kernel.requests();

        SyncReport again = syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2"), KernelRoute.blackhole("100.96.0.0/26")));

        assertThat(again).isEqualTo(SyncReport.empty());
        assertThat(kernel.requests()).isEqualTo(before);
    }

    @Test
    void diffAddsRemovesAndKeepsOnlyWhatChanged() {
        syncer.start();
        syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2"), route("100.80.1.0/24", "100.64.0.2")));

        SyncReport r = syncer.setDesired(List.of(route("100.80.1.0/24", "100.64.0.2"), route("100.80.2.0/24", "100.64.0.2")));

        assertThat(r.added()).isEqualTo(1);
        assertThat(r.deleted()).isEqualTo(1);
        assertThat(r.replaced()).isZero();
        assertThat(inKernel("100.80.0.0/24")).isNull();
        assertThat(inKernel("100.80.2.0/24")).isNotNull();
    }

    @Test
    void nextHopChangeIsOneReplaceNotDeleteAndAdd() {
        syncer.start();
        syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2")));

        SyncReport r = syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.1.2")));

        assertThat(r).isEqualTo(new SyncReport(0, 1, 0, List.of()));
        assertThat(inKernel("100.80.0.0/24").nextHops()).containsExactly(NextHop.via("100.64.1.2", 5));
    }

    @Test
    void ecmpSetChangeIsAReplaceAndOrderDoesNotMatter() {
        syncer.start();
        syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2", "100.64.1.2")));
        assertThat(inKernel("100.80.0.0/24").nextHops()).hasSize(2);

        assertThat(syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.1.2", "100.64.0.2"))))
                .isEqualTo(SyncReport.empty());

        SyncReport r = syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2", "100.64.1.2", "100.64.1.3")));
        assertThat(r.replaced()).isEqualTo(1);
        assertThat(inKernel("100.80.0.0/24").nextHops()).containsExactly(
                NextHop.via("100.64.0.2", 3), NextHop.via("100.64.1.2", 5), NextHop.via("100.64.1.3", 5));
    }

    @Test
    void ecmpWeightsSurviveAndTwoPathsToOneHopAddUp() {
        syncer.start();
        KernelRoute weighted = KernelRoute.unicast(Prefix.parse("100.80.0.0/24"),
                NextHop.via("100.64.0.2").withWeight(3), NextHop.via("100.64.1.2"), NextHop.via("100.64.1.2"));
        syncer.setDesired(List.of(weighted));

        assertThat(inKernel("100.80.0.0/24").nextHops()).containsExactly(
                NextHop.via("100.64.0.2", 3).withWeight(3), NextHop.via("100.64.1.2", 5).withWeight(2));
    }

    @Test
    void blackholeRoutesNeedNoResolution() {
        syncer.start();
        syncer.setDesired(List.of(KernelRoute.blackhole("100.96.0.0/26"), KernelRoute.blackhole("fd00:64:96::/64")));

        assertThat(inKernel("100.96.0.0/26").type()).isEqualTo(RouteType.BLACKHOLE);
        assertThat(inKernel("fd00:64:96::/64").type()).isEqualTo(RouteType.BLACKHOLE);
        assertThat(syncer.excluded()).isEmpty();
    }

    @Test
    void blackholeTurningUnicastIsAReplace() {
        syncer.start();
        syncer.setDesired(List.of(KernelRoute.blackhole("100.96.0.0/26")));

        SyncReport r = syncer.setDesired(List.of(route("100.96.0.0/26", "100.64.0.2")));

        assertThat(r.replaced()).isEqualTo(1);
        assertThat(inKernel("100.96.0.0/26").type()).isEqualTo(RouteType.UNICAST);
    }

    @Test
    void foreignRoutesAreNeverTouched() {
        KernelRoute foreign = route("100.81.0.0/24", "100.64.0.2").withProtocol(STATIC);
        KernelRoute foreignOnOurKey = route("100.80.0.0/24", "100.64.1.2").withProtocol(STATIC);
        kernel.addForeign(foreign).addForeign(foreignOnOurKey);
        syncer.start();

        syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2")));
        syncer.sweepStale();
        syncer.setDesired(List.of());
        syncer.cleanup();

        assertThat(kernel.all()).containsExactlyInAnyOrder(foreign, foreignOnOurKey);
    }

    @Test
    void aForeignRouteOnOurKeyKeepsOursOutWithAReason() {
        kernel.addForeign(route("100.80.0.0/24", "100.64.1.2").withProtocol(STATIC));
        syncer.start();

        SyncReport r = syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2")));

        assertThat(r.failures()).singleElement().extracting(f -> f.errno().name()).isEqualTo("EEXIST");
        assertThat(syncer.excluded().get(Prefix.parse("100.80.0.0/24")))
                .contains("EEXIST").contains("100.80.0.0/24");
        assertThat(inKernel("100.80.0.0/24").protocol()).isEqualTo(STATIC);
    }

    @Test
    void startAdoptsExistingRoutesAsStaleAndSweepRemovesOnlyUndesiredOnes() {
        KernelRoute old1 = route("100.80.0.0/24", "100.64.0.2").withNextHops(List.of(NextHop.via("100.64.0.2", 3)));
        KernelRoute old2 = route("100.80.1.0/24", "100.64.0.2").withNextHops(List.of(NextHop.via("100.64.0.2", 3)));
        kernel.addForeign(old1).addForeign(old2); // left by the previous run, protocol bgp
        syncer.start();
        assertThat(syncer.stale()).containsExactlyInAnyOrder(old1.key(), old2.key());
        int before = kernel.requests();

        SyncReport r = syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2")));

        assertThat(r).as("adopted route equal to the desired one is not rewritten").isEqualTo(SyncReport.empty());
        assertThat(kernel.requests()).isEqualTo(before);
        assertThat(syncer.stale()).containsExactly(old2.key());
        assertThat(inKernel("100.80.1.0/24")).as("stale routes stay until the sweep").isNotNull();

        SyncReport swept = syncer.sweepStale();

        assertThat(swept.deleted()).isEqualTo(1);
        assertThat(inKernel("100.80.1.0/24")).isNull();
        assertThat(inKernel("100.80.0.0/24")).isNotNull();
        assertThat(syncer.stale()).isEmpty();
    }

    @Test
    void adoptedRouteWithOtherNextHopIsReplacedWhenDesired() {
        kernel.addForeign(route("100.80.0.0/24", "100.64.0.2").withNextHops(List.of(NextHop.via("100.64.0.2", 3))));
        syncer.start();

        SyncReport r = syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.1.2")));

        assertThat(r.replaced()).isEqualTo(1);
        assertThat(syncer.stale()).isEmpty();
    }

    @Test
    void nothingIsRemovedUnlessCleanupIsCalled() {
        syncer.start();
        syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2"), KernelRoute.blackhole("100.96.0.0/26")));

        RouteSyncer next = new RouteSyncer(kernel); // the agent restarted; the old one just went away
        next.start();
        assertThat(kernel.all()).hasSize(2);

        SyncReport r = next.cleanup();

        assertThat(r.deleted()).isEqualTo(2);
        assertThat(kernel.all()).isEmpty();
    }

    @Test
    void unresolvableNextHopIsExcludedWithAReasonAndComesInWhenReachable() {
        syncer.start();
        syncer.setDesired(List.of(route("100.80.0.0/24", "100.99.0.1"), route("100.80.1.0/24", "100.64.0.2")));

        assertThat(inKernel("100.80.0.0/24")).isNull();
        assertThat(syncer.excluded()).containsOnlyKeys(Prefix.parse("100.80.0.0/24"));
        assertThat(syncer.excluded().get(Prefix.parse("100.80.0.0/24"))).contains("100.99.0.1").contains("ENETUNREACH");

        kernel.connect("100.99.0.0/24", 7);
        syncer.resync();

        assertThat(syncer.excluded()).isEmpty();
        assertThat(inKernel("100.80.0.0/24").nextHops()).containsExactly(NextHop.via("100.99.0.1", 7));
    }

    @Test
    void nextHopBehindAnotherRouteIsResolvedRecursively() {
        kernel.addForeign(route("100.70.0.0/16", "100.64.1.2").withProtocol(STATIC));
        syncer.start();

        syncer.setDesired(List.of(route("100.80.0.0/24", "100.70.0.9")));

        assertThat(inKernel("100.80.0.0/24").nextHops()).containsExactly(NextHop.via("100.64.1.2", 5));
    }

    @Test
    void recursiveNextHopFollowsAChangeOfTheRouteItResolvesThrough() {
        kernel.addForeign(route("100.70.0.0/16", "100.64.1.2").withProtocol(STATIC));
        syncer.start();
        syncer.setDesired(List.of(route("100.80.0.0/24", "100.70.0.9"), route("100.80.1.0/24", "100.64.0.2")));
        int before = kernel.requests();

        kernel.replaceByHand(route("100.70.0.0/16", "100.64.0.2").withProtocol(STATIC)
                .withNextHops(List.of(NextHop.via("100.64.0.2", 3))));
        kernel.drainEvents().forEach(syncer::onKernelEvent);

        assertThat(inKernel("100.80.0.0/24").nextHops()).containsExactly(NextHop.via("100.64.0.2", 3));
        assertThat(kernel.requests() - before).as("only the affected route is rewritten").isEqualTo(1);
    }

    @Test
    void excludedRouteComesInWhenItsNextHopBecomesReachable() {
        syncer.start();
        syncer.setDesired(List.of(route("100.80.0.0/24", "100.99.0.1")));
        assertThat(syncer.excluded()).isNotEmpty();

        kernel.replaceByHand(route("100.99.0.0/16", "100.64.0.2").withProtocol(STATIC)
                .withNextHops(List.of(NextHop.via("100.64.0.2", 3))));
        kernel.drainEvents().forEach(syncer::onKernelEvent);

        assertThat(syncer.excluded()).isEmpty();
        assertThat(inKernel("100.80.0.0/24").nextHops()).containsExactly(NextHop.via("100.64.0.2", 3));
    }

    @Test
    void unrelatedForeignChangesCauseNoWork() {
        syncer.start();
        syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2")));
        int before = kernel.requests();

        kernel.replaceByHand(route("100.81.0.0/24", "100.64.1.2").withProtocol(STATIC)
                .withNextHops(List.of(NextHop.via("100.64.1.2", 5))));
        kernel.drainEvents().forEach(syncer::onKernelEvent);

        assertThat(kernel.requests()).isEqualTo(before);
    }

    @Test
    void routeWhoseNextHopBecomesUnreachableIsTakenOut() {
        syncer.start();
        syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2")));

        syncer.setDesired(List.of(route("100.80.0.0/24", "100.98.0.1")));

        assertThat(inKernel("100.80.0.0/24")).isNull();
        assertThat(syncer.excluded()).containsKey(Prefix.parse("100.80.0.0/24"));
    }

    @Test
    void ecmpMemberThatCannotBeResolvedIsLeftOutOfTheSet() {
        syncer.start();
        syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2", "100.99.0.1")));

        assertThat(inKernel("100.80.0.0/24").nextHops()).containsExactly(NextHop.via("100.64.0.2", 3));
        assertThat(syncer.excluded()).isEmpty();
    }

    @Test
    void kernelRefusalIsReportedWithErrnoAndRoute() {
        syncer.start();
        KernelRoute r = route("100.80.0.0/24", "100.64.0.2");
        kernel.failNext(r.key(), Errno.EINVAL);

        SyncReport report = syncer.setDesired(List.of(r));

        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.errno()).isEqualTo(Errno.EINVAL);
            assertThat(f.message()).contains("100.80.0.0/24").contains("EINVAL");
        });
        assertThat(syncer.excluded().get(r.destination())).contains("EINVAL");
    }

    @Test
    void incrementalChangesApplyOnlyThemselves() {
        syncer.start();
        syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2"), route("100.80.1.0/24", "100.64.0.2")));

        SyncReport r = syncer.apply(List.of(
                RouteChange.put(route("100.80.2.0/24", "100.64.1.2")),
                RouteChange.put(route("100.80.1.0/24", "100.64.1.2")),
                RouteChange.remove(route("100.80.0.0/24", "100.64.0.2").key())));

        assertThat(r).isEqualTo(new SyncReport(1, 1, 1, List.of()));
        assertThat(syncer.desired().keySet()).extracting(k -> k.destination().toString())
                .containsExactlyInAnyOrder("100.80.1.0/24", "100.80.2.0/24");
        assertThat(kernel.dump(254, 186)).hasSize(2);
    }

    @Test
    void severalChangesToOneKeyInOneCallCountOnlyTheLast() {
        syncer.start();
        KernelRoute a = route("100.80.0.0/24", "100.64.0.2");

        syncer.apply(List.of(RouteChange.put(a), RouteChange.remove(a.key())));
        assertThat(kernel.all()).isEmpty();

        syncer.apply(List.of(RouteChange.put(a), RouteChange.put(route("100.80.0.0/24", "100.64.1.2"))));
        assertThat(inKernel("100.80.0.0/24").nextHops()).containsExactly(NextHop.via("100.64.1.2", 5));
    }

    @Test
    void routeDeletedByHandIsPutBack() {
        syncer.start();
        KernelRoute r = route("100.80.0.0/24", "100.64.0.2");
        syncer.setDesired(List.of(r));

        kernel.deleteByHand(r.key());
        kernel.drainEvents().forEach(syncer::onKernelEvent);

        assertThat(inKernel("100.80.0.0/24")).isNotNull();
    }

    @Test
    void routeChangedByHandIsRestored() {
        syncer.start();
        syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2")));

        kernel.replaceByHand(route("100.80.0.0/24", "100.64.1.2").withNextHops(List.of(NextHop.via("100.64.1.2", 5))));
        kernel.drainEvents().forEach(syncer::onKernelEvent);

        assertThat(inKernel("100.80.0.0/24").nextHops()).containsExactly(NextHop.via("100.64.0.2", 3));
    }

    @Test
    void ourRouteReplacedByAForeignOneIsLeftToIt() {
        syncer.start();
        syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2")));
        KernelRoute theirs = route("100.80.0.0/24", "100.64.1.2").withProtocol(STATIC)
                .withNextHops(List.of(NextHop.via("100.64.1.2", 5)));

        kernel.replaceByHand(theirs);
        kernel.drainEvents().forEach(syncer::onKernelEvent);

        assertThat(inKernel("100.80.0.0/24")).isEqualTo(theirs);
        assertThat(syncer.excluded().get(Prefix.parse("100.80.0.0/24"))).contains("protocol 4");
    }

    @Test
    void staleRouteDeletedByHandIsNotPutBack() {
        KernelRoute old = route("100.80.0.0/24", "100.64.0.2").withNextHops(List.of(NextHop.via("100.64.0.2", 3)));
        kernel.addForeign(old);
        syncer.start();

        kernel.deleteByHand(old.key());
        kernel.drainEvents().forEach(syncer::onKernelEvent);

        assertThat(kernel.all()).isEmpty();
        assertThat(syncer.stale()).isEmpty();
    }

    @Test
    void overrunTriggersAFullResyncThatRepairsLostChanges() {
        syncer.start();
        KernelRoute a = route("100.80.0.0/24", "100.64.0.2");
        KernelRoute b = route("100.80.1.0/24", "100.64.0.2");
        syncer.setDesired(List.of(a, b));
        KernelRoute stray = route("100.80.9.0/24", "100.64.0.2").withNextHops(List.of(NextHop.via("100.64.0.2", 3)));

        kernel.deleteByHand(a.key());
        kernel.replaceByHand(route("100.80.1.0/24", "100.64.1.2").withNextHops(List.of(NextHop.via("100.64.1.2", 5))));
        kernel.addForeign(stray); // someone added a route with our protocol
        kernel.loseEvents();
        List<RouteEvent> seen = kernel.drainEvents();
        assertThat(seen).containsExactly(new RouteEvent.Overrun());
        seen.forEach(syncer::onKernelEvent);

        assertThat(inKernel("100.80.0.0/24")).isNotNull();
        assertThat(inKernel("100.80.1.0/24").nextHops()).containsExactly(NextHop.via("100.64.0.2", 3));
        assertThat(inKernel("100.80.9.0/24")).isNull();
    }

    @Test
    void ipv6RoutesUseMetric1024AndResolveOnLink() {
        syncer.start();
        syncer.setDesired(List.of(route("fd00:64:80::/48", "fd00:64::2")));

        KernelRoute r = inKernel("fd00:64:80::/48");
        assertThat(r.metric()).isEqualTo(1024);
        assertThat(r.nextHops()).containsExactly(NextHop.via("fd00:64::2", 3));
    }

    @Test
    void routesOfAnotherTableOrProtocolAreRejected() {
        syncer.start();
        assertThatThrownBy(() -> syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2").withTable(1000))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2").withProtocol(STATIC))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void callsBeforeStartAreRefusedSoNothingIsFlushedByMistake() {
        assertThatThrownBy(() -> syncer.setDesired(Set.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anotherTableIsSyncedIndependently() {
        RouteSyncer t1000 = new RouteSyncer(kernel, 1000, 186);
        syncer.start();
        t1000.start();
        syncer.setDesired(List.of(route("100.80.0.0/24", "100.64.0.2")));
        t1000.setDesired(List.of(route("100.80.0.0/24", "100.64.1.2").withTable(1000)));

        syncer.setDesired(List.of());

        assertThat(kernel.all()).singleElement().extracting(KernelRoute::table).isEqualTo(1000);
    }
}
