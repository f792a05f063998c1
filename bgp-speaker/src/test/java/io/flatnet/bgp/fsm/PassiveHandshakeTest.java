package io.flatnet.bgp.fsm;

import static io.flatnet.bgp.fsm.Handshake.open;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.FsmAction.ConnectTcp;
import io.flatnet.bgp.fsm.FsmAction.SendOpen;
import io.flatnet.bgp.fsm.FsmAction.StartTimer;
import io.flatnet.bgp.fsm.FsmEvent.AutomaticStartPassive;
import io.flatnet.bgp.fsm.FsmEvent.ConnectRetryTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.HoldTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.IdleHoldTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.KeepaliveReceived;
import io.flatnet.bgp.fsm.FsmEvent.ManualStart;
import io.flatnet.bgp.fsm.FsmEvent.ManualStartPassive;
import io.flatnet.bgp.fsm.FsmEvent.TcpConnectionConfirmed;
import io.flatnet.bgp.fsm.FsmEvent.TcpConnectionFails;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassiveHandshakeTest {

    private final PeerFsm fsm = new PeerFsm(FsmConfig.DEFAULT);

    @Test
    void idleToActiveToEstablishedOverThePeersConnection() {
        List<FsmAction> all = new ArrayList<>();

        Transition t = fsm.step(FsmState.initial(), new ManualStartPassive());
        all.addAll(t.actions());
        assertThat(t.sessionState()).isEqualTo(SessionState.ACTIVE);
        assertThat(t.actions()).isEmpty(); // no connect-retry timer: a passive peer never retries
        assertThat(t.state().passive()).isTrue();

        t = fsm.step(t.state(), new TcpConnectionConfirmed());
        all.addAll(t.actions());
        assertThat(t.sessionState()).isEqualTo(SessionState.OPEN_SENT);
        assertThat(t.actions()).containsExactly(new SendOpen(), new StartTimer(TimerKind.HOLD, Duration.ofMinutes(4)));

        t = fsm.step(t.state(), open(90));
        all.addAll(t.actions());
        t = fsm.step(t.state(), new KeepaliveReceived());
        all.addAll(t.actions());
        assertThat(t.sessionState()).isEqualTo(SessionState.ESTABLISHED);

        assertThat(all).doesNotHaveAnyElementsOfTypes(ConnectTcp.class);
    }

    @Test
    void aPassiveConfigTurnsManualStartPassive() {
        PeerFsm passive = new PeerFsm(FsmConfig.DEFAULT.withPassive(true));

        Transition t = passive.step(FsmState.initial(), new ManualStart());

        assertThat(t.sessionState()).isEqualTo(SessionState.ACTIVE);
        assertThat(t.actions()).isEmpty();
    }

    @Test
    void aDroppedPassivePeerRestartsPassive() {
        FsmState openSent = Handshake.run(fsm, FsmState.initial(), new ManualStartPassive(), new TcpConnectionConfirmed());

        Transition down = fsm.step(openSent, new HoldTimerExpired());
        assertThat(down.actions()).contains(new StartTimer(TimerKind.IDLE_HOLD, Duration.ofSeconds(5)));

        Transition restart = fsm.step(down.state(), new IdleHoldTimerExpired());
        assertThat(restart.sessionState()).isEqualTo(SessionState.ACTIVE);
        assertThat(restart.actions()).doesNotHaveAnyElementsOfTypes(ConnectTcp.class);
    }

    @Test
    void aPassivePeerIgnoresAStrayConnectRetryTimer() {
        FsmState active = fsm.step(FsmState.initial(), new ManualStartPassive()).state();

        Transition t = fsm.step(active, new ConnectRetryTimerExpired());

        assertThat(t.state()).isEqualTo(active);
        assertThat(t.actions()).isEmpty();
    }

    @Test
    void automaticStartPassiveKeepsTheFailureCount() {
        FsmState failedThrice = new FsmState(SessionState.IDLE, true, true, 3, java.util.Optional.empty(), false);

        Transition t = fsm.step(failedThrice, new AutomaticStartPassive());

        assertThat(t.sessionState()).isEqualTo(SessionState.ACTIVE);
        assertThat(t.state().connectRetryCounter()).isEqualTo(3);
    }

    @Test
    void aFailureWhileListeningRestartsAfterBackoff() {
        FsmState active = fsm.step(FsmState.initial(), new ManualStartPassive()).state();

        Transition t = fsm.step(active, new TcpConnectionFails());

        assertThat(t.sessionState()).isEqualTo(SessionState.IDLE);
        assertThat(t.actions()).containsExactly(new StartTimer(TimerKind.IDLE_HOLD, Duration.ofSeconds(5)));
    }
}
