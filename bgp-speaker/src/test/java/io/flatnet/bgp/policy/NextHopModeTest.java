package io.flatnet.bgp.policy;

import static io.flatnet.bgp.policy.PolicyFixtures.NODE_A;
import static io.flatnet.bgp.policy.PolicyFixtures.TOR;
import static io.flatnet.bgp.policy.PolicyFixtures.attrs;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.route.RouteAttributes;
import io.flatnet.bgp.model.route.RouteOrigin;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NextHopModeTest {
    private static final IpAddress SELF = IpAddress.parse("10.0.0.254");
    private static final RouteAttributes LEARNED = attrs(65001).build();

    @Test
    void autoIsSelfForEbgpAndUnchangedForIbgp() {
        assertThat(NextHopMode.AUTO.apply(LEARNED, TOR, SELF, Optional.empty()).nextHop()).isEqualTo(SELF);
        assertThat(NextHopMode.AUTO.apply(LEARNED, NODE_A, SELF, Optional.empty())).isSameAs(LEARNED);
    }

    @Test
    void selfIsAlwaysSelf() {
        assertThat(NextHopMode.SELF.apply(LEARNED, NODE_A, SELF, Optional.empty()).nextHop()).isEqualTo(SELF);
        assertThat(NextHopMode.SELF.apply(LEARNED, TOR, SELF, Optional.empty()).nextHop()).isEqualTo(SELF);
    }

    @Test
    void keepNeverChanges() {
        assertThat(NextHopMode.KEEP.apply(LEARNED, TOR, SELF, Optional.empty())).isSameAs(LEARNED);
        assertThat(NextHopMode.KEEP.apply(LEARNED, NODE_A, SELF, Optional.empty())).isSameAs(LEARNED);
    }

    @Test
    void alreadySelfIsTheSameInstance() {
        RouteAttributes own = attrs().nextHop(SELF).build();
        assertThat(NextHopMode.SELF.apply(own, TOR, SELF, Optional.empty())).isSameAs(own);
    }

    @Test
    void ipv6SelfCarriesTheLinkLocalNextHop() {
        IpAddress global = IpAddress.parse("fd00::1");
        Optional<IpAddress> linkLocal = Optional.of(IpAddress.parse("fe80::1"));
        RouteAttributes v6 = RouteAttributes.of(RouteOrigin.IGP, PolicyFixtures.asPath(65001), IpAddress.parse("fd00::9"));
        RouteAttributes out = NextHopMode.AUTO.apply(v6, TOR, global, linkLocal);
        assertThat(out.nextHop()).isEqualTo(global);
        assertThat(out.linkLocalNextHop()).isEqualTo(linkLocal);
    }
}
