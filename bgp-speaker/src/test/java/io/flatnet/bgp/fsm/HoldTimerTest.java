package io.flatnet.bgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.FsmAction.CloseConnection;
import io.flatnet.bgp.fsm.FsmAction.ProcessRouteRefresh;
import io.flatnet.bgp.fsm.FsmAction.ProcessUpdate;
import io.flatnet.bgp.fsm.FsmAction.SendKeepalive;
import io.flatnet.bgp.fsm.FsmAction.SendNotification;
import io.flatnet.bgp.fsm.FsmAction.SessionDown;
import io.flatnet.bgp.fsm.FsmAction.StartTimer;
import io.flatnet.bgp.fsm.FsmAction.StopTimer;
import io.flatnet.bgp.fsm.FsmEvent.HoldTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.KeepaliveReceived;
import io.flatnet.bgp.fsm.FsmEvent.KeepaliveTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.RouteRefreshReceived;
import io.flatnet.bgp.fsm.FsmEvent.UpdateReceived;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HoldTimerTest {

    private static final SendNotification HOLD_EXPIRED = new SendNotification(FsmErrors.HOLD_TIMER_EXPIRED, 0);
    private static final StartTimer RESTART_IN_5S = new StartTimer(TimerKind.IDLE_HOLD, Duration.ofSeconds(5));

    private final PeerFsm fsm = new PeerFsm(FsmConfig.DEFAULT);

    @Test
    void expiryInOpenSent() {
        Transition t = fsm.step(Handshake.openSent(fsm), new HoldTimerExpired());

        assertThat(t.sessionState()).isEqualTo(SessionState.IDLE);
        assertThat(t.actions()).containsExactly(
                HOLD_EXPIRED, new CloseConnection(), new StopTimer(TimerKind.HOLD), RESTART_IN_5S);
        assertThat(t.state().connectRetryCounter()).isEqualTo(1);
        assertThat(t.state().started()).isTrue();
        assertThat(t.reason()).isEqualTo("hold timer expired");
    }

    @Test
    void expiryInOpenConfirm() {
        Transition t = fsm.step(Handshake.openConfirm(fsm, 90), new HoldTimerExpired());

        assertThat(t.sessionState()).isEqualTo(SessionState.IDLE);
        assertThat(t.actions()).containsExactly(
                HOLD_EXPIRED, new CloseConnection(),
                new StopTimer(TimerKind.HOLD), new StopTimer(TimerKind.KEEPALIVE),
                RESTART_IN_5S);
        assertThat(t.state().negotiated()).isEmpty();
    }

    @Test
    void expiryInEstablishedAlsoTakesTheSessionDown() {
        Transition t = fsm.step(Handshake.established(fsm, 90), new HoldTimerExpired());

        assertThat(t.sessionState()).isEqualTo(SessionState.IDLE);
        assertThat(t.actions()).containsExactly(
                HOLD_EXPIRED, new CloseConnection(),
                new StopTimer(TimerKind.HOLD), new StopTimer(TimerKind.KEEPALIVE), new StopTimer(TimerKind.SEND_HOLD),
                new SessionDown("hold timer expired"),
                RESTART_IN_5S);
    }

    @Test
    void aStrayExpiryBeforeTheOpenDropsTheAttemptWithoutANotification() {
        Transition t = fsm.step(Handshake.connect(fsm), new HoldTimerExpired());

        assertThat(t.sessionState()).isEqualTo(SessionState.IDLE);
        assertThat(t.actions()).containsExactly(
                new CloseConnection(), new StopTimer(TimerKind.CONNECT_RETRY), RESTART_IN_5S);
    }

    @Test
    void expiryWhileIdleIsIgnored() {
        Transition t = fsm.step(FsmState.initial(), new HoldTimerExpired());

        assertThat(t.state()).isEqualTo(FsmState.initial());
        assertThat(t.actions()).isEmpty();
    }

    @Test
    void keepaliveRestartsTheHoldTimer() {
        FsmState established = Handshake.established(fsm, 90);

        Transition t = fsm.step(established, new KeepaliveReceived());

        assertThat(t.state()).isEqualTo(established);
        assertThat(t.actions()).containsExactly(new StartTimer(TimerKind.HOLD, Duration.ofSeconds(90)));
    }

    @Test
    void updateRestartsTheHoldTimerAndIsDelivered() {
        Transition t = fsm.step(Handshake.established(fsm, 90), new UpdateReceived());

        assertThat(t.actions()).containsExactly(
                new StartTimer(TimerKind.HOLD, Duration.ofSeconds(90)), new ProcessUpdate());
    }

    @Test
    void routeRefreshRestartsTheHoldTimerAndIsDelivered() {
        Transition t = fsm.step(Handshake.established(fsm, 90), new RouteRefreshReceived());

        assertThat(t.actions()).containsExactly(
                new StartTimer(TimerKind.HOLD, Duration.ofSeconds(90)), new ProcessRouteRefresh());
    }

    @Test
    void keepaliveTimerSendsAndRearmsInOpenConfirmAndEstablished() {
        for (FsmState s : new FsmState[] {Handshake.openConfirm(fsm, 90), Handshake.established(fsm, 90)}) {
            Transition t = fsm.step(s, new KeepaliveTimerExpired());

            assertThat(t.state()).isEqualTo(s);
            assertThat(t.actions()).containsExactly(
                    new SendKeepalive(), new StartTimer(TimerKind.KEEPALIVE, Duration.ofSeconds(30)));
        }
    }
}
