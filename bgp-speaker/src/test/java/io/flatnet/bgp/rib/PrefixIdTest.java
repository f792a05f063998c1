package io.flatnet.bgp.rib;

import static io.flatnet.bgp.rib.Routes.PREFIX;
import static io.flatnet.bgp.rib.Routes.attrs;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.route.RouteAttributes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Loc-RIB's prefix ids, which the outbound path indexes its per-prefix state by: stable while
 * a prefix has candidates, readable after it went until the listener releases them, then reused.
 */
class PrefixIdTest {
    private static final RouteSource A = Routes.ebgp("192.0.2.1", "10.0.0.1", 65001);
    private static final RouteSource B = Routes.ebgp("192.0.2.2", "10.0.0.2", 65002);
    private static final RouteAttributes VIA_A = attrs(65001).build();
    private static final RouteAttributes VIA_A_LONGER = attrs(65001, 65009).build();
    private static final RouteAttributes VIA_B = attrs(65002).nextHop(IpAddress.parse("192.0.2.2")).build();
    private static final IpPrefix OTHER = IpPrefix.parse("10.244.2.0/24");

    private final Rib rib = new Rib(BestPathOptions.DEFAULT);
    private final List<Integer> changedIds = new ArrayList<>();

    private LocRib loc() {
        return rib.locRib(Afi.IPV4);
    }

    private void listen() {
        rib.addPrefixListener((afi, id) -> changedIds.add(id));
    }

    @Test
    void aPrefixKeepsItsIdThroughEveryChangeOfItsCandidates() {
        listen();
        rib.announce(A, PREFIX, VIA_A);
        int id = loc().idOf(PREFIX);
        assertThat(id).isNotNegative();

        rib.announce(B, PREFIX, VIA_B);          // a second candidate
        rib.announce(A, PREFIX, VIA_A_LONGER);   // one of two replaced
        rib.withdraw(B, PREFIX, 0);              // back to one
        rib.announce(A, PREFIX, VIA_A);          // the single one replaced

        assertThat(loc().idOf(PREFIX)).isEqualTo(id);
        assertThat(changedIds).isNotEmpty().allMatch(i -> i == id);
        assertThat(loc().prefixOf(id)).isEqualTo(PREFIX);
        assertThat(loc().bestPathOf(id).attributes()).isEqualTo(VIA_A);
        assertThat(loc().bestOf(id).best().orElseThrow().sameRoute(loc().bestPathOf(id))).isTrue();
    }

    @Test
    void aRemovedPrefixsIdStillNamesItUntilReleasedAndAPrefixAddedMeanwhileGetsAnother() {
        listen();
        rib.announce(A, PREFIX, VIA_A);
        int id = loc().idOf(PREFIX);
        rib.withdraw(A, PREFIX, 0);

        assertThat(changedIds).containsExactly(id, id);
        assertThat(loc().idOf(PREFIX)).as("gone from the table").isEqualTo(-1);
        assertThat(loc().prefixOf(id)).as("but the listener can still read what it was").isEqualTo(PREFIX);
        assertThat(loc().bestPathOf(id)).isNull();
        assertThat(loc().bestOf(id).hasBest()).isFalse();

        rib.announce(A, PREFIX, VIA_A);
        int again = loc().idOf(PREFIX);
        assertThat(again).as("the retired id is not reused before release").isNotEqualTo(id);
        assertThat(loc().prefixOf(id)).isEqualTo(PREFIX);

        loc().releaseRetired();
        rib.announce(A, OTHER, VIA_A);
        assertThat(loc().idOf(OTHER)).as("released ids are used again").isEqualTo(id);
        assertThat(loc().prefixOf(id)).isEqualTo(OTHER);
        assertThat(loc().idLimit()).isEqualTo(2);
    }

    @Test
    void withNobodyListeningIdsAreFreedAtOnce() {
        rib.announce(A, PREFIX, VIA_A);
        int id = loc().idOf(PREFIX);
        rib.withdraw(A, PREFIX, 0);
        rib.announce(A, OTHER, VIA_A);

        assertThat(loc().idOf(OTHER)).isEqualTo(id);
        assertThat(loc().idLimit()).isEqualTo(1);
    }

    @Test
    void aTableOverSeveralColumnPagesReadsBackEveryPrefixByIdAndReusesFreedIds() {
        // 40,000 prefixes fill the first page of the columns (16,384 ids) and two more.
        listen();
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            rib.announce(i % 2 == 0 ? A : B, v4(i), i % 2 == 0 ? VIA_A : VIA_B);
        }
        for (int i = 0; i < n; i++) {
            int id = loc().idOf(v4(i));
            assertThat(loc().prefixOf(id)).isEqualTo(v4(i));
            assertThat(loc().bestSourceOf(id)).isEqualTo(i % 2 == 0 ? A : B);
            assertThat(loc().bestAttributesOf(id)).isEqualTo(i % 2 == 0 ? VIA_A : VIA_B);
        }
        for (int i = 0; i < n; i += 3) {
            rib.withdraw(i % 2 == 0 ? A : B, v4(i), 0);
        }
        loc().releaseRetired();
        for (int i = n; i < n + 1000; i++) {
            rib.announce(A, v4(i), VIA_A);
        }

        assertThat(loc().idLimit()).as("freed ids were taken first").isEqualTo(n);
        int[] best = {0};
        loc().forEachBestId(id -> best[0]++);
        assertThat(best[0]).isEqualTo(loc().prefixCount()).isEqualTo(n - (n + 2) / 3 + 1000);
        for (int i = 0; i < n + 1000; i++) {
            int id = loc().idOf(v4(i));
            if (i < n && i % 3 == 0) {
                assertThat(id).isEqualTo(-1);
            } else {
                assertThat(loc().prefixOf(id)).isEqualTo(v4(i));
                assertThat(loc().bestPathOf(id).source()).isEqualTo(i < n && i % 2 != 0 ? B : A);
            }
        }
    }

    /** The i-th /24 from 10.0.0.0. */
    private static IpPrefix v4(int i) {
        return new IpPrefix(Afi.IPV4, 0, 0x0A000000L + ((long) i << 8), 24);
    }

    @Test
    void forEachBestIdNamesEveryPrefixWithABestPathOnce() {
        rib.announce(A, PREFIX, VIA_A);
        rib.announce(B, PREFIX, VIA_B);
        rib.announce(A, OTHER, VIA_A);
        List<IpPrefix> seen = new ArrayList<>();

        loc().forEachBestId(id -> seen.add(loc().prefixOf(id)));

        assertThat(seen).containsExactlyInAnyOrder(PREFIX, OTHER);
    }
}
