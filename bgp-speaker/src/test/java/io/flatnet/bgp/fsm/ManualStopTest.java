package io.flatnet.bgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.FsmAction.CloseConnection;
import io.flatnet.bgp.fsm.FsmAction.ConnectTcp;
import io.flatnet.bgp.fsm.FsmAction.SendNotification;
import io.flatnet.bgp.fsm.FsmAction.SessionDown;
import io.flatnet.bgp.fsm.FsmAction.StartTimer;
import io.flatnet.bgp.fsm.FsmAction.StopTimer;
import io.flatnet.bgp.fsm.FsmEvent.HoldTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.IdleHoldTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.ManualStart;
import io.flatnet.bgp.fsm.FsmEvent.ManualStartPassive;
import io.flatnet.bgp.fsm.FsmEvent.ManualStop;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ManualStopTest {

    private static final SendNotification SHUTDOWN =
            new SendNotification(FsmErrors.CEASE, FsmErrors.CEASE_ADMINISTRATIVE_SHUTDOWN);

    private final PeerFsm fsm = new PeerFsm(FsmConfig.DEFAULT);

    private Transition stop(FsmState s) {
        Transition t = fsm.step(s, new ManualStop());
        assertThat(t.sessionState()).isEqualTo(SessionState.IDLE);
        assertThat(t.state().started()).isFalse();
        assertThat(t.state().connectRetryCounter()).isZero();
        assertThat(t.actions()).noneMatch(a -> a instanceof StartTimer);
        return t;
    }

    @Test
    void inConnectAbortsTheAttemptWithoutANotification() {
        assertThat(stop(Handshake.connect(fsm)).actions())
                .containsExactly(new CloseConnection(), new StopTimer(TimerKind.CONNECT_RETRY));
    }

    @Test
    void inActiveStopsListening() {
        assertThat(stop(fsm.step(FsmState.initial(), new ManualStartPassive()).state()).actions()).isEmpty();
    }

    @Test
    void inOpenSentSendsAdministrativeShutdown() {
        assertThat(stop(Handshake.openSent(fsm)).actions())
                .containsExactly(SHUTDOWN, new CloseConnection(), new StopTimer(TimerKind.HOLD));
    }

    @Test
    void inOpenConfirmSendsAdministrativeShutdown() {
        assertThat(stop(Handshake.openConfirm(fsm, 90)).actions()).containsExactly(
                SHUTDOWN, new CloseConnection(), new StopTimer(TimerKind.HOLD), new StopTimer(TimerKind.KEEPALIVE));
    }

    @Test
    void inEstablishedSendsAdministrativeShutdownAndTakesTheSessionDown() {
        assertThat(stop(Handshake.established(fsm, 90)).actions()).containsExactly(
                SHUTDOWN, new CloseConnection(),
                new StopTimer(TimerKind.HOLD), new StopTimer(TimerKind.KEEPALIVE), new StopTimer(TimerKind.SEND_HOLD),
                new SessionDown("manual stop"));
    }

    @Test
    void whileARestartIsPendingCancelsItForGood() {
        FsmState failed = fsm.step(Handshake.openSent(fsm), new HoldTimerExpired()).state();
        assertThat(failed.started()).isTrue();

        Transition t = stop(failed);
        assertThat(t.actions()).containsExactly(new StopTimer(TimerKind.IDLE_HOLD));

        // Should the cancelled timer still fire, the stopped peer stays down.
        Transition late = fsm.step(t.state(), new IdleHoldTimerExpired());
        assertThat(late.state()).isEqualTo(t.state());
        assertThat(late.actions()).isEmpty();
    }

    @Test
    void aManualStartAfterwardsBeginsAfresh() {
        FsmState stopped = stop(Handshake.established(fsm, 90)).state();

        Transition t = fsm.step(stopped, new ManualStart());

        assertThat(t.sessionState()).isEqualTo(SessionState.CONNECT);
        assertThat(t.actions()).containsExactly(
                new StartTimer(TimerKind.CONNECT_RETRY, Duration.ofSeconds(5)), new ConnectTcp());
    }
}
