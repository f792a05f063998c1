package io.flatnet.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.model.route.RouteAttributes;
import io.flatnet.bgp.model.route.RouteOrigin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The decision does not depend on the order of the candidates, MED's non-transitivity notwithstanding. */
class BestPathSelectorProperties {

    @Property(tries = 500)
    void shuffledCandidatesGiveTheSameResult(@ForAll("candidates") List<Path> candidates, @ForAll long seed,
            @ForAll boolean alwaysCompareMed) {
        BestPathSelector selector = new BestPathSelector(
                BestPathOptions.DEFAULT.withMaxPaths(8).withAlwaysCompareMed(alwaysCompareMed));
        BestPathResult expected = selector.select(candidates);
        List<Path> shuffled = new ArrayList<>(candidates);
        Collections.shuffle(shuffled, new Random(seed));

        BestPathResult actual = selector.select(shuffled);

        assertThat(actual.best()).isEqualTo(expected.best());
        assertThat(actual.reason()).isEqualTo(expected.reason());
        assertThat(actual.ecmp()).containsExactlyElementsOf(expected.ecmp());
    }

    @Property(tries = 300)
    void theBestIsEligibleAndHeadsTheEcmpSet(@ForAll("candidates") List<Path> candidates) {
        BestPathResult r = new BestPathSelector(BestPathOptions.DEFAULT.withMaxPaths(3)).select(candidates);

        r.best().ifPresent(best -> {
            assertThat(best.nextHopReachable()).isTrue();
            assertThat(r.ecmp().get(0)).isSameAs(best);
            assertThat(r.ecmp()).hasSizeLessThanOrEqualTo(3).allMatch(Path::nextHopReachable);
        });
        if (r.best().isEmpty()) {
            assertThat(candidates).noneMatch(Path::nextHopReachable);
        }
    }

    /** Up to 8 paths from distinct peers, with few distinct values so that ties are common. */
    @Provide
    Arbitrary<List<Path>> candidates() {
        Arbitrary<Path> path = Combinators.combine(
                Arbitraries.of(1L, 2L, 3L),                         // neighbouring AS
                Arbitraries.integers().between(1, 3),               // AS_PATH length
                Arbitraries.of(0, 5, 10, -1),                       // MED, -1 for none
                Arbitraries.of(100L, 100L, 200L),                   // LOCAL_PREF
                Arbitraries.of(RouteOrigin.IGP, RouteOrigin.IGP, RouteOrigin.EGP),
                Arbitraries.integers().between(1, 4),               // router id
                Arbitraries.of(true, true, true, false),            // next hop reachable
                Arbitraries.of(RouteSource.Kind.EBGP, RouteSource.Kind.IBGP))
                .as((as, length, med, localPref, origin, routerId, reachable, kind) -> {
                    long[] asns = new long[length];
                    for (int i = 0; i < length; i++) {
                        asns[i] = i == 0 ? as : 100 + i;
                    }
                    RouteAttributes.Builder b = Routes.attrs(asns).localPref(localPref).origin(origin);
                    if (med >= 0) {
                        b.med(med);
                    }
                    // The peer address is filled in below so that every candidate has its own.
                    RouteSource source = new RouteSource(IpAddress.v4(0), RouterId.of(0x0A000000 + routerId),
                            Asn.of(as), kind);
                    return Path.of(Routes.PREFIX, 0, b.build(), source, reachable);
                });
        return path.list().ofMinSize(1).ofMaxSize(8).map(paths -> {
            List<Path> out = new ArrayList<>(paths.size());
            for (int i = 0; i < paths.size(); i++) {
                Path p = paths.get(i);
                RouteSource s = p.source();
                RouteSource unique = new RouteSource(IpAddress.v4(0xC0000200 + i), s.routerId(), s.peerAs(), s.kind());
                out.add(Path.of(Routes.PREFIX, 0, p.attributes(), unique, p.nextHopReachable()));
            }
            return out;
        });
    }
}
