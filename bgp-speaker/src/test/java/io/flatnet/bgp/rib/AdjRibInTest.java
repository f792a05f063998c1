package io.flatnet.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.attribute.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdjRibInTest {
    private static final IpAddress PEER = IpAddress.parse("192.0.2.1");
    private static final AddressFamily V4 = AddressFamily.IPV4_UNICAST;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final AdjRibIn rib = new AdjRibIn(executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static AttributeSet attrs(long asn) {
        // built from received attributes: NEXT_HOP moves into the field
        return AttributeSet.of(List.of(Origin.IGP, AsPath.sequence(Asn.of(asn)), new NextHop(PEER)), PEER, null);
    }

    private static RouteKey key(String prefix) {
        return new RouteKey(0, IpPrefix.parse(prefix));
    }

    @Test
    void equalAttributeSetsAreSharedAndForgottenWhenUnused() {
        rib.apply(new RibChange(PEER, V4, Map.of(key("10.0.0.0/24"), attrs(65002), key("10.0.1.0/24"), attrs(65002)), List.of()), null);
        rib.apply(new RibChange(PEER, V4, Map.of(key("10.0.2.0/24"), attrs(65003)), List.of()), null);
        List<ReceivedRoute> routes = rib.routes(PEER, V4);
        assertThat(routes).extracting(ReceivedRoute::prefix).containsExactly(
                IpPrefix.parse("10.0.0.0/24"), IpPrefix.parse("10.0.1.0/24"), IpPrefix.parse("10.0.2.0/24"));
        assertThat(routes.get(0).attributes()).isSameAs(routes.get(1).attributes());
        assertThat(routes.get(0).attributes().attributes()).doesNotHaveAnyElementsOfTypes(NextHop.class);
        assertThat(routes.get(0).nextHop()).isEqualTo(PEER);
        assertThat(rib.internedSets().join()).isEqualTo(2);

        rib.apply(new RibChange(PEER, V4, Map.of(), List.of(key("10.0.2.0/24"), key("10.9.9.0/24"))), null);
        assertThat(rib.internedSets().join()).isEqualTo(1);
        assertThat(rib.routes(PEER, V4)).hasSize(2);
    }

    @Test
    void anAnnouncementReplacesThePreviousPath() {
        rib.apply(new RibChange(PEER, V4, Map.of(key("10.0.0.0/24"), attrs(65002)), List.of()), null);
        rib.apply(new RibChange(PEER, V4, Map.of(key("10.0.0.0/24"), attrs(65009)), List.of()), null);
        assertThat(rib.routes(PEER, V4)).singleElement()
                .satisfies(r -> assertThat(r.attributes().attribute(AsPath.class)).contains(AsPath.sequence(Asn.of(65009))));
        assertThat(rib.internedSets().join()).isEqualTo(1);
    }

    @Test
    void countsAndObserversRunOnTheRibExecutor() {
        List<String> seen = new ArrayList<>();
        rib.addObserver(new AdjRibIn.Observer() {
            @Override
            public void changed(RibChange applied, int routesAfter) {
                seen.add(Thread.currentThread().getName() + " " + routesAfter);
            }

            @Override
            public void cleared(IpAddress peer, AddressFamily family, int routesDropped) {
                seen.add("cleared " + routesDropped);
            }
        });
        List<Integer> counts = new ArrayList<>();
        rib.apply(new RibChange(PEER, V4, Map.of(key("10.0.0.0/24"), attrs(65002)), List.of()), counts::add);
        rib.clearPeer(PEER);
        assertThat(rib.routes(PEER, V4)).isEmpty();
        assertThat(counts).containsExactly(1);
        assertThat(seen).hasSize(2).last().isEqualTo("cleared 1");
        assertThat(seen.getFirst()).doesNotContain(Thread.currentThread().getName() + " ");
        assertThat(rib.internedSets().join()).isZero();
    }

    @Test
    void clearingOneFamilyKeepsTheOthers() {
        AddressFamily v6 = AddressFamily.IPV6_UNICAST;
        IpAddress nh6 = IpAddress.parse("2001:db8::1");
        rib.apply(new RibChange(PEER, V4, Map.of(key("10.0.0.0/24"), attrs(65002)), List.of()), null);
        rib.apply(new RibChange(PEER, v6, Map.of(new RouteKey(7, IpPrefix.parse("2001:db8:1::/48")),
                AttributeSet.of(List.of(Origin.IGP), nh6, null)), List.of()), null);
        rib.clearFamily(PEER, v6);
        assertThat(rib.routes(PEER, v6)).isEmpty();
        assertThat(rib.routes(PEER, V4)).hasSize(1);
    }
}
