package io.flatnet.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.wire.NotificationCode;
import io.flatnet.bgp.wire.message.Keepalive;
import io.flatnet.bgp.wire.message.Open;
import org.junit.jupiter.api.Test;

/**
 * RFC 4271 §6.8 with one FSM per connection: we connect out while the peer connects in; the
 * connection opened by the side with the higher BGP identifier survives, the other gets Cease 6/7.
 */
class CollisionTest extends SessionTestSupport {
    private TcpLikeChannel outbound;
    private TcpLikeChannel inbound;

    private void bothConnect(String localId) {
        env = new TestEnvironment(SpeakerConfig.of(TestEnvironment.LOCAL_AS, RouterId.parse(localId)).withoutListener());
        outbound = newChannel();
        env.nextOutbound = outbound;
        peer = new Peer(config().passive(false).build(), env, outbound.eventLoop());
        peer.start();
        assertThat(out(outbound)).singleElement().isInstanceOf(Open.class);
        assertThat(state()).isEqualTo(SessionState.OPEN_SENT);
        inbound = newChannel();
        peer.accept(inbound);
        assertThat(out(inbound)).singleElement().isInstanceOf(Open.class); // the second FSM's OPEN
    }

    @Test
    void peerWithHigherIdentifierKeepsItsConnection() {
        bothConnect("10.0.0.1"); // lower than the peer's 10.0.0.2
        send(inbound, peerOpen(65002, "10.0.0.2", 90));
        assertThat(notifications(out(outbound))).singleElement().satisfies(n ->
                assertThat(n.known()).isEqualTo(NotificationCode.CEASE_CONNECTION_COLLISION_RESOLUTION));
        assertThat(outbound.isOpen()).isFalse();
        assertThat(out(inbound)).containsExactly(Keepalive.INSTANCE);
        send(inbound, Keepalive.INSTANCE);
        assertThat(state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(inbound.isOpen()).isTrue();
    }

    @Test
    void weKeepOurConnectionWhenOurIdentifierIsHigher() {
        bothConnect("10.0.0.9");
        send(inbound, peerOpen(65002, "10.0.0.2", 90));
        assertThat(notifications(out(inbound))).singleElement().satisfies(n ->
                assertThat(n.known()).isEqualTo(NotificationCode.CEASE_CONNECTION_COLLISION_RESOLUTION));
        assertThat(inbound.isOpen()).isFalse();
        assertThat(outbound.isOpen()).isTrue();
        send(outbound, peerOpen(65002, "10.0.0.2", 90));
        assertThat(out(outbound)).containsExactly(Keepalive.INSTANCE);
        send(outbound, Keepalive.INSTANCE);
        assertThat(state()).isEqualTo(SessionState.ESTABLISHED);
    }

    @Test
    void collisionDecidedOnTheOutboundOpenAlsoWorks() {
        bothConnect("10.0.0.1");
        // The peer's OPEN arrives on our own connection first: the peer's (inbound) one must still win.
        send(outbound, peerOpen(65002, "10.0.0.2", 90));
        assertThat(notifications(out(outbound))).singleElement().satisfies(n ->
                assertThat(n.known()).isEqualTo(NotificationCode.CEASE_CONNECTION_COLLISION_RESOLUTION));
        send(inbound, peerOpen(65002, "10.0.0.2", 90));
        assertThat(out(inbound)).containsExactly(Keepalive.INSTANCE);
        send(inbound, Keepalive.INSTANCE);
        assertThat(state()).isEqualTo(SessionState.ESTABLISHED);
    }

    @Test
    void losingPrimaryRestartsWhenTheWinnerFailsToo() {
        bothConnect("10.0.0.1");
        send(outbound, peerOpen(65002, "10.0.0.2", 90)); // primary dumped in favour of the inbound one
        assertThat(outbound.isOpen()).isFalse();
        TcpLikeChannel retry = newChannel();
        env.nextOutbound = retry;
        inbound.close(); // ...which then dies before its OPEN arrived
        assertThat(out(retry)).singleElement().isInstanceOf(Open.class);
        assertThat(state()).isEqualTo(SessionState.OPEN_SENT);
    }

    @Test
    void establishedSessionRefusesANewConnection() {
        env = new TestEnvironment();
        outbound = newChannel();
        env.nextOutbound = outbound;
        peer = new Peer(config().passive(false).build(), env, outbound.eventLoop());
        peer.start();
        out(outbound);
        send(outbound, peerOpen(65002, "10.0.0.2", 90));
        send(outbound, Keepalive.INSTANCE);
        assertThat(state()).isEqualTo(SessionState.ESTABLISHED);
        inbound = newChannel();
        peer.accept(inbound);
        out(inbound);
        send(inbound, peerOpen(65002, "10.0.0.2", 90));
        assertThat(notifications(out(inbound))).singleElement().satisfies(n ->
                assertThat(n.known()).isEqualTo(NotificationCode.CEASE_CONNECTION_COLLISION_RESOLUTION));
        assertThat(inbound.isOpen()).isFalse();
        assertThat(outbound.isOpen()).isTrue();
        assertThat(state()).isEqualTo(SessionState.ESTABLISHED);
    }

    @Test
    void inboundWhileConnectingKeepsOurAttemptForCollisionResolution() {
        outbound = newChannel();
        env.nextOutbound = outbound;
        env.pending = outbound.newPromise();
        peer = new Peer(config().passive(false).build(), env, outbound.eventLoop());
        peer.start();
        assertThat(state()).isEqualTo(SessionState.CONNECT);
        inbound = newChannel();
        peer.accept(inbound); // the peer's connection overtakes ours
        assertThat(out(inbound)).singleElement().isInstanceOf(Open.class);
        env.pending.setSuccess(); // ...and ours completes too: it is tracked, not dropped
        assertThat(out(outbound)).singleElement().isInstanceOf(Open.class);
        send(outbound, peerOpen(65002, "10.0.0.2", 90));
        assertThat(notifications(out(outbound))).singleElement().satisfies(n ->
                assertThat(n.known()).isEqualTo(NotificationCode.CEASE_CONNECTION_COLLISION_RESOLUTION));
        send(inbound, peerOpen(65002, "10.0.0.2", 90));
        send(inbound, Keepalive.INSTANCE);
        assertThat(state()).isEqualTo(SessionState.ESTABLISHED);
    }

    @Test
    void aPeerWaitingToRestartTakesTheInboundConnection() {
        TcpLikeChannel neverConnects = newChannel();
        env.nextOutbound = neverConnects;
        env.pending = neverConnects.newPromise();
        establish(config().passive(false).build()); // active peer, connection happened to be inbound
        send(ch, io.flatnet.bgp.wire.message.Notification.of(NotificationCode.CEASE_ADMINISTRATIVE_RESET));
        assertThat(state()).isEqualTo(SessionState.IDLE); // restart backoff pending
        TcpLikeChannel again = newChannel();
        TcpLikeChannel ours = newChannel();
        env.nextOutbound = ours;
        env.pending = ours.newPromise();
        peer.accept(again);
        assertThat(state()).isEqualTo(SessionState.OPEN_SENT);
        assertThat(out(again)).singleElement().isInstanceOf(Open.class);
    }

    @Test
    void aStoppedPeerRefusesConnections() {
        establish(config().build());
        peer.stop(null, true);
        TcpLikeChannel again = newChannel();
        peer.accept(again);
        assertThat(again.isOpen()).isFalse();
    }
}
