package io.flatnet.bgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.FsmAction.CloseConnection;
import io.flatnet.bgp.fsm.FsmAction.ConnectTcp;
import io.flatnet.bgp.fsm.FsmAction.StartTimer;
import io.flatnet.bgp.fsm.FsmAction.StopTimer;
import io.flatnet.bgp.fsm.FsmEvent.AutomaticStart;
import io.flatnet.bgp.fsm.FsmEvent.ConnectRetryTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.IdleHoldTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.ManualStart;
import io.flatnet.bgp.fsm.FsmEvent.TcpConnectionConfirmed;
import io.flatnet.bgp.fsm.FsmEvent.TcpConnectionFails;
import io.flatnet.bgp.fsm.FsmEvent.TcpCrAcked;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectAndRestartTest {

    private final PeerFsm fsm = new PeerFsm(FsmConfig.DEFAULT);

    private static FsmState idleAfter(int failures) {
        return new FsmState(SessionState.IDLE, true, false, failures, Optional.empty(), false);
    }

    @Test
    void aStoppedPeerRefusesConnections() {
        for (FsmEvent e : new FsmEvent[] {new TcpConnectionConfirmed(), new TcpCrAcked()}) {
            Transition t = fsm.step(FsmState.initial(), e);

            assertThat(t.state()).isEqualTo(FsmState.initial());
            assertThat(t.actions()).containsExactly(new CloseConnection());
        }
    }

    @Test
    void aRefusedConnectionRestartsAfterTheBackoff() {
        Transition t = fsm.step(Handshake.connect(fsm), new TcpConnectionFails());

        assertThat(t.sessionState()).isEqualTo(SessionState.IDLE);
        assertThat(t.actions()).containsExactly(
                new CloseConnection(),
                new StopTimer(TimerKind.CONNECT_RETRY),
                new StartTimer(TimerKind.IDLE_HOLD, Duration.ofSeconds(5)));
        assertThat(t.state().connectRetryCounter()).isEqualTo(1);
    }

    @Test
    void aHungAttemptIsAbortedAndRetriedWithGrowingPatience() {
        Transition first = fsm.step(Handshake.connect(fsm), new ConnectRetryTimerExpired());
        assertThat(first.sessionState()).isEqualTo(SessionState.CONNECT);
        assertThat(first.actions()).containsExactly(
                new CloseConnection(),
                new StartTimer(TimerKind.CONNECT_RETRY, Duration.ofSeconds(5)),
                new ConnectTcp());

        Transition second = fsm.step(first.state(), new ConnectRetryTimerExpired());
        assertThat(second.actions()).contains(new StartTimer(TimerKind.CONNECT_RETRY, Duration.ofSeconds(10)));
        assertThat(second.state().connectRetryCounter()).isEqualTo(2);
    }

    @Test
    void theIdleHoldTimerRestartsWithTheFailureCountKept() {
        Transition t = fsm.step(idleAfter(3), new IdleHoldTimerExpired());

        assertThat(t.sessionState()).isEqualTo(SessionState.CONNECT);
        assertThat(t.actions()).containsExactly(
                new StartTimer(TimerKind.CONNECT_RETRY, Duration.ofSeconds(20)), new ConnectTcp());
        assertThat(t.state().connectRetryCounter()).isEqualTo(3);
    }

    @Test
    void anAutomaticStartDuringTheBackoffCancelsTheTimerButKeepsTheCount() {
        Transition t = fsm.step(idleAfter(3), new AutomaticStart());

        assertThat(t.actions()).containsExactly(
                new StopTimer(TimerKind.IDLE_HOLD),
                new StartTimer(TimerKind.CONNECT_RETRY, Duration.ofSeconds(20)),
                new ConnectTcp());
    }

    @Test
    void aManualStartDuringTheBackoffStartsAfresh() {
        Transition t = fsm.step(idleAfter(3), new ManualStart());

        assertThat(t.actions()).containsExactly(
                new StopTimer(TimerKind.IDLE_HOLD),
                new StartTimer(TimerKind.CONNECT_RETRY, Duration.ofSeconds(5)),
                new ConnectTcp());
        assertThat(t.state().connectRetryCounter()).isZero();
    }

    @Test
    void anIdleHoldExpiryWithNothingPendingIsIgnored() {
        Transition t = fsm.step(FsmState.initial(), new IdleHoldTimerExpired());

        assertThat(t.state()).isEqualTo(FsmState.initial());
        assertThat(t.actions()).isEmpty();
    }
}
