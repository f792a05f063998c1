package io.flatnet.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.Communities;
import io.flatnet.bgp.wire.attribute.MpReachNlri;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.message.BgpMessage;
import io.flatnet.bgp.wire.message.RouteRefresh;
import io.flatnet.bgp.wire.message.Update;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Advertisements on an established session, withdrawals, and ROUTE-REFRESH answers (RFC 7313). */
class RouteRefreshTest extends SessionTestSupport {
    private static final IpPrefix V4 = IpPrefix.parse("10.244.1.0/24");
    private static final IpPrefix V6 = IpPrefix.parse("fd00:10:244:1::/64");

    private void advertise() {
        env.advertisements.put(V4, new Advertisement(V4, List.of(Community.of(65001, 100)), List.of()));
        env.advertisements.put(V6, Advertisement.of(V6));
        env.advertise();
    }

    @Test
    void initialAdvertisementThenEndOfRib() {
        advertise();
        establish(config().ipv6NextHop(IpAddress.parse("fd00:64::1")).build()); // establish() drains; look at status instead
        assertThat(peer.status().prefixesAdvertised()).isEqualTo(2);
    }

    @Test
    void advertisementsCarryOurAsAndAddressAndAreWithdrawnWhenRemoved() {
        advertise();
        accept(config().ipv6NextHop(IpAddress.parse("fd00:64::1")).build());
        out(ch);
        send(ch, peerOpen(65002, "10.0.0.2", 90));
        send(ch, io.flatnet.bgp.wire.message.Keepalive.INSTANCE);
        List<BgpMessage> sent = out(ch);
        Update v4 = updateWith(sent, NextHop.class);
        assertThat(v4.nlri().prefixes()).containsExactly(V4);
        assertThat(v4.attribute(NextHop.class).orElseThrow().address()).isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(v4.attribute(AsPath.class)).contains(AsPath.sequence(Asn.of(65001)));
        assertThat(v4.attribute(Communities.class).orElseThrow().values()).containsExactly(Community.of(65001, 100));
        Update v6 = updateWith(sent, MpReachNlri.class);
        assertThat(v6.mpReach().orElseThrow().nlri().prefixes()).containsExactly(V6);
        assertThat(v6.mpReach().orElseThrow().nextHop()).isEqualTo(IpAddress.parse("fd00:64::1"));
        // End-of-RIB after the initial advertisement
        assertThat(sent.subList(sent.size() - 2, sent.size()))
                .allSatisfy(m -> assertThat(((Update) m).endOfRibFamily()).isPresent());

        env.advertisements.remove(V4);
        env.advertise();
        List<BgpMessage> withdrawal = out(ch);
        assertThat(withdrawal).singleElement().satisfies(m ->
                assertThat(((Update) m).withdrawn().prefixes()).containsExactly(V4));
        assertThat(peer.status().prefixesAdvertised()).isEqualTo(1);
    }

    @Test
    void routeRefreshIsAnsweredBetweenBorrAndEorr() {
        advertise();
        establish(config().build());
        send(ch, RouteRefresh.request(AddressFamily.IPV4_UNICAST));
        List<BgpMessage> answer = out(ch);
        assertThat(answer).hasSize(3);
        assertThat(answer.getFirst()).isEqualTo(new RouteRefresh(AddressFamily.IPV4_UNICAST, RouteRefresh.BEGIN_OF_ROUTE_REFRESH));
        assertThat(((Update) answer.get(1)).nlri().prefixes()).containsExactly(V4);
        assertThat(answer.getLast()).isEqualTo(new RouteRefresh(AddressFamily.IPV4_UNICAST, RouteRefresh.END_OF_ROUTE_REFRESH));
    }

    private static Update updateWith(List<BgpMessage> sent, Class<? extends io.flatnet.bgp.wire.attribute.PathAttribute> kind) {
        return sent.stream().filter(Update.class::isInstance).map(Update.class::cast)
                .filter(u -> u.attribute(kind).isPresent()).findFirst().orElseThrow();
    }
}
