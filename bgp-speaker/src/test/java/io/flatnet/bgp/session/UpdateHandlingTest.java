package io.flatnet.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.session.received.ReceivedRoute;
import io.flatnet.bgp.wire.NotificationCode;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.MpReachNlri;
import io.flatnet.bgp.wire.attribute.Origin;
import io.flatnet.bgp.wire.message.Notification;
import io.flatnet.bgp.wire.message.Update;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdateHandlingTest extends SessionTestSupport {

    private List<ReceivedRoute> routes(AddressFamily family) {
        return env.rib.routes(PEER, family);
    }

    private static byte[] message(String hexBody, int type) {
        byte[] body = HexFormat.of().parseHex(hexBody.replace(" ", ""));
        byte[] m = new byte[19 + body.length];
        java.util.Arrays.fill(m, 0, 16, (byte) 0xFF);
        m[16] = (byte) (m.length >>> 8);
        m[17] = (byte) m.length;
        m[18] = (byte) type;
        System.arraycopy(body, 0, m, 19, body.length);
        return m;
    }

    @Test
    void receivedRoutesLandInTheAdjRibIn() {
        establish(config().build());
        send(ch, announce("10.1.0.0/16", "10.2.0.0/16"));
        assertThat(routes(AddressFamily.IPV4_UNICAST)).extracting(ReceivedRoute::prefix)
                .containsExactly(IpPrefix.parse("10.1.0.0/16"), IpPrefix.parse("10.2.0.0/16"));
        ReceivedRoute r = routes(AddressFamily.IPV4_UNICAST).getFirst();
        assertThat(r.nextHop()).isEqualTo(PEER);
        assertThat(r.attributes().attribute(AsPath.class)).contains(AsPath.sequence(PEER_AS));
        // one interned attribute set for both routes
        assertThat(routes(AddressFamily.IPV4_UNICAST).get(1).attributes()).isSameAs(r.attributes());
        runPending();
        assertThat(peer.status().prefixesReceived()).isEqualTo(2);
        assertThat(peer.status().prefixesAccepted()).isEqualTo(2);

        send(ch, new Update(NlriList.of(IpPrefix.parse("10.1.0.0/16")), List.of(), NlriList.empty(Afi.IPV4)));
        assertThat(routes(AddressFamily.IPV4_UNICAST)).extracting(ReceivedRoute::prefix)
                .containsExactly(IpPrefix.parse("10.2.0.0/16"));
    }

    @Test
    void ipv6RoutesArriveInMpReach() {
        establish(config().build());
        send(ch, ipv6Announcement("2001:db8:1::/48"));
        assertThat(routes(AddressFamily.IPV6_UNICAST)).singleElement().satisfies(r -> {
            assertThat(r.prefix()).isEqualTo(IpPrefix.parse("2001:db8:1::/48"));
            assertThat(r.nextHop()).isEqualTo(IpAddress.parse("2001:db8::2"));
        });
    }

    @Test
    void treatAsWithdrawKeepsTheSessionAndWithdrawsThePrefixes() {
        establish(config().build());
        send(ch, announce("10.1.0.0/16"));
        assertThat(routes(AddressFamily.IPV4_UNICAST)).hasSize(1);
        // ORIGIN 5 is invalid: RFC 7606 §7.1 treat-as-withdraw for 10.1.0.0/16.
        sendRaw(ch, message("0000 0014 40010105 4002060201 0000fdea 400304 0a000002 100a01", 2));
        assertThat(state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(notifications(out(ch))).isEmpty();
        assertThat(routes(AddressFamily.IPV4_UNICAST)).isEmpty();
    }

    @Test
    void brokenMpReachDisablesOnlyThatFamily() {
        establish(config().build());
        send(ch, ipv6Announcement("2001:db8:1::/48"));
        send(ch, announce("10.1.0.0/16"));
        // MP_REACH for IPv6 with a 5-octet next hop: RFC 7606 §7.11 AFI/SAFI disable.
        sendRaw(ch, message("0000 001f 40010100 4002060201 0000fdea 800e0f 0002 01 05 0102030405 00 20 20010db8", 2));
        assertThat(state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(routes(AddressFamily.IPV6_UNICAST)).isEmpty();
        assertThat(routes(AddressFamily.IPV4_UNICAST)).hasSize(1);
        send(ch, ipv6Announcement("2001:db8:2::/48")); // ignored from now on
        assertThat(routes(AddressFamily.IPV6_UNICAST)).isEmpty();
    }

    @Test
    void brokenMpUnreachDisablesItsFamilyEvenWhenNothingElseIsLeft() {
        // Found by the live RFC 7606 suite (corpus 136): the only attribute, an MP_UNREACH_NLRI
        // whose NLRI overruns it, is dropped by the decoder; what remains looks like an IPv4
        // End-of-RIB, which must not hide the AFI/SAFI disable.
        establish(config().build());
        send(ch, ipv6Announcement("2001:db8:1::/48"));
        send(ch, announce("10.1.0.0/16"));
        sendRaw(ch, message("0000 000b 800f08 0002 01 4020010db8", 2));
        assertThat(state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(routes(AddressFamily.IPV6_UNICAST)).isEmpty();
        assertThat(routes(AddressFamily.IPV4_UNICAST)).hasSize(1);
        assertThat(env.endOfRib).isEmpty();
    }

    @Test
    void malformedHeaderIsAnsweredWithHeaderErrorAndClose() {
        establish(config().build());
        sendRaw(ch, message("", 4)); // a KEEPALIVE with a good marker first...
        assertThat(state()).isEqualTo(SessionState.ESTABLISHED);
        byte[] bad = message("", 4);
        bad[3] = 0; // ...then one whose marker is broken
        sendRaw(ch, bad);
        assertThat(notifications(out(ch))).singleElement()
                .satisfies(n -> assertThat(n.known()).isEqualTo(NotificationCode.CONNECTION_NOT_SYNCHRONIZED));
        assertThat(ch.isOpen()).isFalse();
        assertThat(routes(AddressFamily.IPV4_UNICAST)).isEmpty();
    }

    @Test
    void maxPrefixesExceededCeasesWithRfc4486Data() {
        establish(config().maxPrefixes(2).build());
        send(ch, announce("10.1.0.0/16", "10.2.0.0/16"));
        runPending();
        assertThat(state()).isEqualTo(SessionState.ESTABLISHED);
        send(ch, announce("10.3.0.0/16"));
        runPending();
        Notification n = notifications(out(ch)).getFirst();
        assertThat(n.known()).isEqualTo(NotificationCode.CEASE_MAX_PREFIXES_REACHED);
        assertThat(n.data().toHex()).isEqualTo("0001" + "01" + "00000002");
        assertThat(ch.isOpen()).isFalse();
        assertThat(routes(AddressFamily.IPV4_UNICAST)).isEmpty(); // session down clears the Adj-RIB-In
    }

    @Test
    void updateBeforeEstablishedIsAnFsmError() {
        accept(config().build());
        out(ch);
        send(ch, announce("10.1.0.0/16"));
        assertThat(notifications(out(ch))).singleElement().satisfies(n -> assertThat(n.code()).isEqualTo(5));
        assertThat(routes(AddressFamily.IPV4_UNICAST)).isEmpty();
    }

    @Test
    void endOfRibIsReported() {
        establish(config().build());
        send(ch, Update.endOfRib(AddressFamily.IPV4_UNICAST));
        send(ch, Update.endOfRib(AddressFamily.IPV6_UNICAST));
        assertThat(env.endOfRib).containsExactly(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
    }

    private void runPending() {
        ch.runPendingTasks();
    }

    private static Update ipv6Announcement(String prefix) {
        return new Update(NlriList.empty(Afi.IPV4), List.of(Origin.IGP, AsPath.sequence(PEER_AS),
                new MpReachNlri(AddressFamily.IPV6_UNICAST, IpAddress.parse("2001:db8::2"),
                        NlriList.of(IpPrefix.parse(prefix)))), NlriList.empty(Afi.IPV4));
    }
}
