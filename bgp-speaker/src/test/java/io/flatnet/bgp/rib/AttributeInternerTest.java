package io.flatnet.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.route.RouteAttributes;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeInternerTest {

    private static RouteAttributes set(int which) {
        // A fresh, equal instance on every call.
        return Routes.attrs(65001, 65000 + which).communities(List.of(Community.of(65001, which))).build();
    }

    @Test
    void equalSetsShareOneInstance() {
        AttributeInterner interner = new AttributeInterner();

        RouteAttributes first = interner.intern(set(1));
        RouteAttributes second = interner.intern(set(1));

        assertThat(second).isSameAs(first);
        assertThat(interner.intern(set(2))).isNotSameAs(first);
        assertThat(interner.size()).isEqualTo(2);
    }

    @Test
    void oneHundredThousandRoutesWithThreeDistinctSetsHoldThreeInstances() {
        Rib rib = new Rib(BestPathOptions.DEFAULT);
        RouteSource peer = Routes.ebgp("192.0.2.1", "10.0.0.1", 65001);
        for (int block = 0; block < 100; block++) {
            NlriList.Builder nlri = NlriList.builder(Afi.IPV4, false, 1000);
            for (int i = 0; i < 1000; i++) {
                nlri.add(IpPrefix.v4(0x0A000000 + ((block * 1000 + i) << 8), 24));
            }
            rib.announce(peer, nlri.build(), set(block % 3));
        }

        Map<RouteAttributes, Boolean> distinct = new IdentityHashMap<>();
        rib.adjRibIn(IpAddress.parse("192.0.2.1")).orElseThrow()
                .forEach(Afi.IPV4, p -> distinct.put(p.attributes(), true));
        assertThat(rib.adjRibIn(IpAddress.parse("192.0.2.1")).orElseThrow().size()).isEqualTo(100_000);
        assertThat(distinct).hasSize(3);
        assertThat(rib.interner().size()).isEqualTo(3);
    }

    @Test
    void aSetNoLongerUsedCanBeCollected() throws InterruptedException {
        AttributeInterner interner = new AttributeInterner();
        RouteAttributes kept = interner.intern(set(1));
        interner.intern(Routes.attrs(65001).originatorId(RouterId.parse("10.9.9.9")).build());

        for (int i = 0; i < 50 && interner.size() > 1; i++) {
            System.gc();
            Thread.sleep(10);
        }

        assertThat(interner.size()).isEqualTo(1);
        assertThat(interner.intern(set(1))).isSameAs(kept);
    }
}
