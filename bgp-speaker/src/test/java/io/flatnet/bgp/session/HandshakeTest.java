package io.flatnet.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.wire.NotificationCode;
import io.flatnet.bgp.wire.capability.FourOctetAsCapability;
import io.flatnet.bgp.wire.capability.MultiprotocolCapability;
import io.flatnet.bgp.wire.message.BgpMessage;
import io.flatnet.bgp.wire.message.Keepalive;
import io.flatnet.bgp.wire.message.Notification;
import io.flatnet.bgp.wire.message.Open;
import io.flatnet.bgp.wire.message.Update;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeTest extends SessionTestSupport {

    @Test
    void openExchangeReachesEstablishedAndSendsEndOfRib() {
        accept(config().build());
        List<BgpMessage> sent = out(ch);
        assertThat(sent).singleElement().isInstanceOf(Open.class);
        Open open = (Open) sent.getFirst();
        assertThat(open.asn()).isEqualTo(TestEnvironment.LOCAL_AS);
        assertThat(open.bgpIdentifier()).isEqualTo(TestEnvironment.LOCAL_ID);
        assertThat(open.holdTime()).isEqualTo(90);
        assertThat(open.capabilities(MultiprotocolCapability.class)).extracting(MultiprotocolCapability::family)
                .containsExactly(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
        assertThat(open.capability(FourOctetAsCapability.class)).isPresent();
        assertThat(state()).isEqualTo(SessionState.OPEN_SENT);

        send(ch, peerOpen(65002, "10.0.0.2", 30));
        assertThat(out(ch)).containsExactly(Keepalive.INSTANCE);
        assertThat(state()).isEqualTo(SessionState.OPEN_CONFIRM);

        send(ch, Keepalive.INSTANCE);
        assertThat(state()).isEqualTo(SessionState.ESTABLISHED);
        // Nothing to advertise: End-of-RIB for each family straight away (RFC 4724 §2).
        assertThat(out(ch)).extracting(m -> ((Update) m).endOfRibFamily().orElseThrow())
                .containsExactlyInAnyOrder(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
        PeerStatus status = peer.status();
        assertThat(status.holdTime()).isEqualTo(seconds(30));
        assertThat(status.keepaliveTime()).isEqualTo(seconds(10));
        assertThat(status.negotiated()).get().satisfies(n -> {
            assertThat(n.context().fourOctetAs()).isTrue();
            assertThat(n.enhancedRouteRefresh()).isTrue();
        });
        assertThat(status.received().open()).isEqualTo(1);
        assertThat(status.sent().keepalive()).isEqualTo(1);
        assertThat(env.changes).extracting(PeerStateChange::to)
                .containsExactly(SessionState.ACTIVE, SessionState.OPEN_SENT, SessionState.OPEN_CONFIRM, SessionState.ESTABLISHED);
    }

    @Test
    void keepalivesGoOutEveryThirdOfTheHoldTime() {
        establish(config().build());
        advance(ch, seconds(29));
        assertThat(out(ch)).isEmpty();
        advance(ch, seconds(1));
        assertThat(out(ch)).containsExactly(Keepalive.INSTANCE);
        send(ch, Keepalive.INSTANCE);
        advance(ch, seconds(30));
        assertThat(out(ch)).containsExactly(Keepalive.INSTANCE);
        assertThat(state()).isEqualTo(SessionState.ESTABLISHED);
    }

    @Test
    void holdTimerExpirySendsHoldTimerExpiredAndCloses() {
        establish(config().build());
        for (int i = 0; i < 5; i++) { // the peer stays alive for a while: the deadline moves on
            advance(ch, seconds(20));
            send(ch, Keepalive.INSTANCE);
        }
        out(ch);
        advance(ch, seconds(89));
        assertThat(notifications(out(ch))).isEmpty();
        advance(ch, seconds(1));
        assertThat(notifications(out(ch))).singleElement()
                .satisfies(n -> assertThat(n.known()).isEqualTo(NotificationCode.HOLD_TIMER_EXPIRED));
        assertThat(ch.isOpen()).isFalse();
        assertThat(state()).isEqualTo(SessionState.IDLE);
        assertThat(peer.status().flaps()).isEqualTo(1);
        assertThat(peer.status().lastError()).contains("hold timer expired");
    }

    @Test
    void openFromTheWrongAsIsBadPeerAs() {
        accept(config().build());
        out(ch);
        send(ch, peerOpen(65099, "10.0.0.2", 90));
        assertThat(notifications(out(ch))).singleElement()
                .satisfies(n -> assertThat(n.known()).isEqualTo(NotificationCode.BAD_PEER_AS));
        assertThat(ch.isOpen()).isFalse();
        assertThat(peer.status().lastError()).contains("AS65099");
    }

    @Test
    void fourOctetCapabilityDisagreeingWithMyAsIsBadPeerAs() {
        accept(config().build());
        out(ch);
        Open good = peerOpen(65002, "10.0.0.2", 90);
        send(ch, new Open(4, 65003, 90, good.bgpIdentifier(), good.capabilities()));
        assertThat(notifications(out(ch))).singleElement()
                .satisfies(n -> assertThat(n.known()).isEqualTo(NotificationCode.BAD_PEER_AS));
    }

    @Test
    void holdTimeOfTwoSecondsIsUnacceptable() {
        accept(config().build());
        out(ch);
        send(ch, peerOpen(65002, "10.0.0.2", 2));
        assertThat(notifications(out(ch))).singleElement()
                .satisfies(n -> assertThat(n.known()).isEqualTo(NotificationCode.UNACCEPTABLE_HOLD_TIME));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void ibgpPeerWithOurIdentifierIsRefused() {
        PeerConfig ibgp = PeerConfig.builder(PEER, TestEnvironment.LOCAL_AS).passive(true).build();
        accept(ibgp);
        out(ch);
        send(ch, peerOpen(65001, TestEnvironment.LOCAL_ID.toString(), 90));
        assertThat(notifications(out(ch))).singleElement()
                .satisfies(n -> assertThat(n.known()).isEqualTo(NotificationCode.BAD_BGP_IDENTIFIER));
    }

    @Test
    void ebgpPeerMayShareOurIdentifier() {
        accept(config().build());
        out(ch);
        send(ch, peerOpen(65002, TestEnvironment.LOCAL_ID.toString(), 90));
        assertThat(out(ch)).containsExactly(Keepalive.INSTANCE); // RFC 6286 §2.2
    }

    @Test
    void manualStopSendsAdministrativeShutdownWithItsMessage() {
        establish(config().build());
        peer.stop(Notification.shutdown(NotificationCode.CEASE_ADMINISTRATIVE_SHUTDOWN, "maintenance window"), false);
        Notification n = notifications(out(ch)).getFirst();
        assertThat(n.known()).isEqualTo(NotificationCode.CEASE_ADMINISTRATIVE_SHUTDOWN);
        assertThat(n.shutdownMessage()).contains("maintenance window");
        assertThat(ch.isOpen()).isFalse();
        assertThat(peer.status().lastNotificationSent()).get()
                .satisfies(r -> assertThat(r.shutdownMessage()).contains("maintenance window"));
        advance(ch, seconds(600));
        assertThat(state()).isEqualTo(SessionState.IDLE); // a stopped peer does not restart
    }

    @Test
    void silentStopClosesWithoutNotification() {
        establish(config().build());
        peer.stop(null, true);
        assertThat(out(ch)).isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void notificationFromThePeerIsRecorded() {
        establish(config().build());
        send(ch, Notification.shutdown(NotificationCode.CEASE_ADMINISTRATIVE_SHUTDOWN, "bye"));
        assertThat(ch.isOpen()).isFalse();
        assertThat(peer.status().lastNotificationReceived()).get()
                .satisfies(r -> {
                    assertThat(r.code()).isEqualTo(6);
                    assertThat(r.subcode()).isEqualTo(2);
                    assertThat(r.shutdownMessage()).contains("bye");
                });
        assertThat(notifications(out(ch))).isEmpty(); // never answer a NOTIFICATION with one
    }

    @Test
    void ourOpenUsesTheLocalAsOverride() {
        accept(config().localAsn(Asn.of(4_200_000_001L)).build());
        Open open = (Open) out(ch).getFirst();
        assertThat(open.myAutonomousSystem()).isEqualTo(Asn.AS_TRANS.toInt());
        assertThat(open.asn()).isEqualTo(Asn.of(4_200_000_001L));
        assertThat(open.bgpIdentifier()).isEqualTo(RouterId.parse("10.0.0.1"));
    }
}
