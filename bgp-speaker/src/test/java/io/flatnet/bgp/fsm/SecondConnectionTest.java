package io.flatnet.bgp.fsm;

import static io.flatnet.bgp.fsm.Handshake.PEER_AS;
import static io.flatnet.bgp.fsm.Handshake.PEER_ID;
import static io.flatnet.bgp.fsm.Handshake.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.fsm.FsmAction.CloseConnection;
import io.flatnet.bgp.fsm.FsmAction.SendNotification;
import io.flatnet.bgp.fsm.FsmAction.SendOpen;
import io.flatnet.bgp.fsm.FsmAction.SessionDown;
import io.flatnet.bgp.fsm.FsmAction.StartTimer;
import io.flatnet.bgp.fsm.FsmAction.StopTimer;
import io.flatnet.bgp.fsm.FsmEvent.CollisionWon;
import io.flatnet.bgp.fsm.FsmEvent.HoldTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.KeepaliveReceived;
import io.flatnet.bgp.fsm.FsmEvent.OpenCollisionDump;
import io.flatnet.bgp.fsm.FsmEvent.TcpConnectionConfirmed;
import io.flatnet.bgp.fsm.FsmEvent.TcpCrAcked;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 4271 §6.8 as the session will run it: one FSM per connection, resolved on the first OPEN. */
class SecondConnectionTest {

    private static final SendNotification COLLISION =
            new SendNotification(FsmErrors.CEASE, FsmErrors.CEASE_CONNECTION_COLLISION_RESOLUTION);

    private final PeerFsm fsm = new PeerFsm(FsmConfig.DEFAULT);

    @Test
    void thePrimaryLeavesASecondConnectionToTheDriver() {
        for (FsmState s : new FsmState[] {
                Handshake.openSent(fsm), Handshake.openConfirm(fsm, 90), Handshake.established(fsm, 90)}) {
            for (FsmEvent e : new FsmEvent[] {new TcpConnectionConfirmed(), new TcpCrAcked()}) {
                Transition t = fsm.step(s, e);
                assertThat(t.state()).isEqualTo(s);
                assertThat(t.actions()).isEmpty();
            }
        }
    }

    @Test
    void aTrackedSecondConnectionSendsItsOpenAndWaits() {
        Transition t = fsm.trackSecondConnection(Handshake.openConfirm(fsm, 90));

        assertThat(t.sessionState()).isEqualTo(SessionState.OPEN_SENT);
        assertThat(t.state().secondConnection()).isTrue();
        assertThat(t.state().started()).isTrue();
        assertThat(t.actions()).containsExactly(new SendOpen(), new StartTimer(TimerKind.HOLD, Duration.ofMinutes(4)));
    }

    @Test
    void onlyAPrimaryPastActiveCanHaveASecondConnection() {
        assertThatThrownBy(() -> fsm.trackSecondConnection(Handshake.connect(fsm)))
                .isInstanceOf(IllegalArgumentException.class);
        FsmState second = fsm.trackSecondConnection(Handshake.openSent(fsm)).state();
        assertThatThrownBy(() -> fsm.trackSecondConnection(second)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailingSecondConnectionClosesQuietly() {
        FsmState second = fsm.trackSecondConnection(Handshake.openSent(fsm)).state();

        Transition t = fsm.step(second, new HoldTimerExpired());

        assertThat(t.sessionState()).isEqualTo(SessionState.IDLE);
        assertThat(t.actions()).containsExactly(
                new SendNotification(FsmErrors.HOLD_TIMER_EXPIRED, 0), new CloseConnection(), new StopTimer(TimerKind.HOLD));
    }

    @Test
    void theLoserIsDumpedWithCease7AndNoRestart() {
        Transition t = fsm.step(Handshake.openConfirm(fsm, 90), new OpenCollisionDump());

        assertThat(t.sessionState()).isEqualTo(SessionState.IDLE);
        assertThat(t.actions()).containsExactly(
                COLLISION, new CloseConnection(), new StopTimer(TimerKind.HOLD), new StopTimer(TimerKind.KEEPALIVE));
        assertThat(t.state().connectRetryCounter()).isZero();
    }

    @Test
    void anEstablishedLoserAlsoReportsTheSessionDown() {
        Transition t = fsm.step(Handshake.established(fsm, 90), new OpenCollisionDump());

        assertThat(t.actions()).first().isEqualTo(COLLISION);
        assertThat(t.actions()).contains(new SessionDown("connection collision: closing this connection"));
        assertThat(t.actions()).noneMatch(a -> a instanceof StartTimer);
    }

    @Test
    void whenThePeersConnectionWinsItBecomesThePrimary() {
        // We (1.0.0.1) connected out and wait in OpenConfirm; the peer (10.0.0.2) connects in.
        int localId = 0x0100_0001;
        FsmState ours = Handshake.openConfirm(fsm, 90);
        FsmState theirs = fsm.trackSecondConnection(ours).state();

        // The peer's OPEN arrives on its connection: resolve before feeding it.
        CollisionVerdict verdict = new ConnectionCollision(localId, 65001, PEER_ID, PEER_AS)
                .resolve(ours.state(), ConnectionDirection.OUTBOUND, ConnectionDirection.INBOUND);
        assertThat(verdict).isEqualTo(CollisionVerdict.CLOSE_EXISTING);

        Transition dumped = fsm.step(ours, new OpenCollisionDump());
        assertThat(dumped.actions()).first().isEqualTo(COLLISION);

        FsmState primary = Handshake.run(fsm, theirs, new CollisionWon(), open(90), new KeepaliveReceived());
        assertThat(primary.state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(primary.secondConnection()).isFalse();

        // As the primary it now owns the peer's life cycle: a failure schedules a restart.
        Transition down = fsm.step(primary, new HoldTimerExpired());
        assertThat(down.actions()).last().isEqualTo(new StartTimer(TimerKind.IDLE_HOLD, Duration.ofSeconds(5)));
    }

    @Test
    void collisionWonOnThePrimaryChangesNothing() {
        FsmState established = Handshake.established(fsm, 90);

        Transition t = fsm.step(established, new CollisionWon());

        assertThat(t.state()).isEqualTo(established);
        assertThat(t.actions()).isEmpty();
    }
}
