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
 * The Adj-RIB-In is a view of the Loc-RIB's candidates by peer: each peer sees exactly its own
 * paths, with their path ids, whatever the other peers sent for the same prefixes.
 */
class AdjRibInViewTest {
    private static final RouteSource A = Routes.ebgp("192.0.2.1", "10.0.0.1", 65001);
    private static final RouteSource B = Routes.ebgp("192.0.2.2", "10.0.0.2", 65002);
    private static final RouteAttributes VIA_A = attrs(65001).build();
    private static final RouteAttributes VIA_B = attrs(65002).nextHop(IpAddress.parse("192.0.2.2")).build();

    private final Rib rib = new Rib(BestPathOptions.DEFAULT);

    private AdjRibIn of(RouteSource peer) {
        return rib.adjRibIn(peer.peerAddress()).orElseThrow();
    }

    @Test
    void eachPeerSeesOnlyItsOwnPathsEvenForSharedPrefixes() {
        List<IpPrefix> prefixes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            prefixes.add(IpPrefix.v4((10 << 24) | (i << 8), 24));
        }
        for (IpPrefix p : prefixes) {
            rib.announce(A, p, VIA_A);
        }
        for (IpPrefix p : prefixes.subList(0, 100)) {
            rib.announce(B, p, 7, VIA_B); // with an add-path id
        }

        assertThat(of(A).size(Afi.IPV4)).isEqualTo(300);
        assertThat(of(B).size(Afi.IPV4)).isEqualTo(100);
        List<Path> bs = new ArrayList<>();
        of(B).forEach(Afi.IPV4, bs::add);
        assertThat(bs).hasSize(100).allMatch(p -> p.source().equals(B) && p.pathId() == 7);
        assertThat(of(B).get(prefixes.get(0), 7)).get().extracting(Path::attributes).isEqualTo(VIA_B);
        assertThat(of(B).get(prefixes.get(0), 0)).as("another path id").isEmpty();
        assertThat(of(B).get(prefixes.get(200), 7)).as("only A sent it").isEmpty();

        List<Path> walked = new ArrayList<>();
        TableWalk at = TableWalk.START;
        while (!at.finished()) {
            at = of(A).walk(Afi.IPV4, at, 64, walked::add);
        }
        assertThat(walked).hasSize(300).allMatch(p -> p.source().equals(A));

        rib.peerDown(B);
        assertThat(rib.adjRibIn(B.peerAddress())).isEmpty();
        assertThat(of(A).size(Afi.IPV4)).isEqualTo(300);
        assertThat(rib.locRib(Afi.IPV4).pathCount()).isEqualTo(300);
        assertThat(rib.locRib(Afi.IPV4).candidates(PREFIX)).isEmpty();

        rib.peerDown(A); // the prefixes B shared are single-candidate ones again
        assertThat(rib.locRib(Afi.IPV4).pathCount()).isZero();
        assertThat(rib.locRib(Afi.IPV4).prefixCount()).isZero();
    }

    @Test
    void aRepeatedAnnouncementIsNotCountedTwice() {
        rib.announce(A, PREFIX, VIA_A);
        rib.announce(A, PREFIX, VIA_A);
        rib.announce(A, PREFIX, attrs(65001, 65003).build());

        assertThat(of(A).size()).isEqualTo(1);
        rib.withdraw(A, PREFIX, 0);
        rib.withdraw(A, PREFIX, 0);
        assertThat(of(A).size()).isZero();
    }
}
