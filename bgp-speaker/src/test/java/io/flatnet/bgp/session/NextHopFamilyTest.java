package io.flatnet.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.wire.attribute.MpReachNlri;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.message.BgpMessage;
import io.flatnet.bgp.wire.message.Keepalive;
import io.flatnet.bgp.wire.message.Update;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The next hop of our own routes of the other family than the session's: IPv6 routes on an IPv4
 * session (and IPv4 routes on an IPv6 session without RFC 8950) carry the configured next hop of
 * that family, and without one they are not sent at all, rather than with an IPv4-mapped next
 * hop that BIRD drops silently.
 */
class NextHopFamilyTest extends SessionTestSupport {
    private static final IpPrefix V4 = IpPrefix.parse("10.244.1.0/24");
    private static final IpPrefix V6 = IpPrefix.parse("fd00:10:244:1::/64");

    private List<BgpMessage> openSessionAndReadTable(PeerConfig cfg) {
        env.advertisements.put(V4, Advertisement.of(V4));
        env.advertisements.put(V6, Advertisement.of(V6));
        env.advertise();
        accept(cfg);
        out(ch);
        send(ch, peerOpen(65002, "10.0.0.2", 90));
        send(ch, Keepalive.INSTANCE);
        return out(ch);
    }

    private static List<Update> routeUpdates(List<BgpMessage> sent) {
        return sent.stream().filter(Update.class::isInstance).map(Update.class::cast)
                .filter(u -> u.endOfRibFamily().isEmpty()).toList();
    }

    @Test
    void ipv6RoutesOnAnIpv4SessionCarryTheConfiguredIpv6NextHop() {
        List<Update> updates = routeUpdates(openSessionAndReadTable(
                config().ipv6NextHop(IpAddress.parse("fd00:64::1")).build()));

        assertThat(updates).hasSize(2);
        Update v6 = updates.stream().filter(u -> u.mpReach().isPresent()).findFirst().orElseThrow();
        assertThat(v6.mpReach().orElseThrow().nlri().prefixes()).containsExactly(V6);
        assertThat(v6.mpReach().orElseThrow().nextHop()).isEqualTo(IpAddress.parse("fd00:64::1"));
        Update v4 = updates.stream().filter(u -> u.attribute(NextHop.class).isPresent()).findFirst().orElseThrow();
        assertThat(v4.attribute(NextHop.class).orElseThrow().address()).isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(peer.status().prefixesAdvertised()).isEqualTo(2);
    }

    @Test
    void withoutAnIpv6NextHopIpv6RoutesAreNotSentOnAnIpv4Session() {
        List<BgpMessage> sent = openSessionAndReadTable(config().build());

        List<Update> updates = routeUpdates(sent);
        assertThat(updates).singleElement().satisfies(u -> {
            assertThat(u.nlri().prefixes()).containsExactly(V4);
            assertThat(u.attribute(MpReachNlri.class)).isEmpty();
        });
        // Both families still end with End-of-RIB: the IPv6 table we send is empty, not missing.
        assertThat(sent.stream().filter(Update.class::isInstance).map(Update.class::cast)
                .flatMap(u -> u.endOfRibFamily().stream()))
                .containsExactlyInAnyOrder(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
        assertThat(peer.status().prefixesAdvertised()).isEqualTo(1);
    }

    @Test
    void theIpv6NextHopMustBeAGlobalIpv6Address() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> config().ipv6NextHop(IpAddress.parse("10.0.0.1")).build())
                .withMessageContaining("ipv6NextHop");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> config().ipv4NextHop(IpAddress.parse("fd00::1")).build())
                .withMessageContaining("ipv4NextHop");
    }

    @Test
    void ipv4RoutesOnAnIpv6SessionWithoutRfc8950TakeTheConfiguredIpv4NextHop() {
        env.advertisements.put(V4, Advertisement.of(V4));
        env.advertise();
        PeerConfig cfg = PeerConfig.builder(IpAddress.parse("fd00::2"), PEER_AS).passive(true)
                .families(Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST))
                .policy(io.flatnet.bgp.policy.PeerPolicy.defaults())
                .ipv4NextHop(IpAddress.parse("192.0.2.1")).build();
        ch = new TcpLikeChannel("fd00::1", "fd00::2");
        ch.freezeTime();
        channels.add(ch);
        peer = new Peer(cfg, env, ch.eventLoop());
        peer.start();
        peer.accept(ch);
        out(ch);
        send(ch, peerOpen(65002, "10.0.0.2", 90));
        send(ch, Keepalive.INSTANCE);

        List<Update> updates = routeUpdates(out(ch));
        assertThat(updates).singleElement().satisfies(u -> {
            assertThat(u.nlri().prefixes()).containsExactly(V4);
            assertThat(u.attribute(NextHop.class).orElseThrow().address()).isEqualTo(IpAddress.parse("192.0.2.1"));
        });
    }
}
