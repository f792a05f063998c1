package io.flatnet.bgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.FsmAction.CloseConnection;
import io.flatnet.bgp.fsm.FsmAction.SendNotification;
import io.flatnet.bgp.fsm.FsmAction.SessionDown;
import io.flatnet.bgp.fsm.FsmAction.StartTimer;
import io.flatnet.bgp.fsm.FsmAction.StopTimer;
import io.flatnet.bgp.fsm.FsmEvent.SendHoldTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.SendProgress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 9687: drop a peer that stops reading, instead of queueing to it forever. */
class SendHoldTimerTest {

    private final PeerFsm fsm = new PeerFsm(FsmConfig.DEFAULT);

    private static StartTimer sendHold(Duration d) {
        return new StartTimer(TimerKind.SEND_HOLD, d);
    }

    @Test
    void startsOnEstablishedAtEightMinutesForShortHoldTimes() {
        Transition up = fsm.step(Handshake.openConfirm(fsm, 90), new FsmEvent.KeepaliveReceived());

        assertThat(up.actions()).contains(sendHold(Duration.ofMinutes(8)));
    }

    @Test
    void isTwiceTheNegotiatedHoldTimeWhenThatIsLonger() {
        PeerFsm longHold = new PeerFsm(FsmConfig.DEFAULT.withHoldTime(Duration.ofSeconds(600)));

        Transition up = longHold.step(Handshake.openConfirm(longHold, 300), new FsmEvent.KeepaliveReceived());

        assertThat(up.actions()).contains(sendHold(Duration.ofSeconds(600)));
    }

    @Test
    void theFloorIsConfigurable() {
        PeerFsm quick = new PeerFsm(FsmConfig.DEFAULT.withMinSendHoldTime(Duration.ofSeconds(20)));

        Transition up = quick.step(Handshake.openConfirm(quick, 9), new FsmEvent.KeepaliveReceived());

        assertThat(up.actions()).contains(sendHold(Duration.ofSeconds(20)));
    }

    @Test
    void writeProgressRestartsItInEstablishedOnly() {
        FsmState established = Handshake.established(fsm, 90);
        Transition t = fsm.step(established, new SendProgress());
        assertThat(t.state()).isEqualTo(established);
        assertThat(t.actions()).containsExactly(sendHold(Duration.ofMinutes(8)));

        for (FsmState before : new FsmState[] {
                Handshake.connect(fsm), Handshake.openSent(fsm), Handshake.openConfirm(fsm, 90)}) {
            Transition ignored = fsm.step(before, new SendProgress());
            assertThat(ignored.state()).isEqualTo(before);
            assertThat(ignored.actions()).isEmpty();
        }
    }

    @Test
    void expiryResetsTheSessionWithCode8() {
        Transition t = fsm.step(Handshake.established(fsm, 90), new SendHoldTimerExpired());

        assertThat(t.sessionState()).isEqualTo(SessionState.IDLE);
        assertThat(t.actions()).containsExactly(
                new SendNotification(FsmErrors.SEND_HOLD_TIMER_EXPIRED, 0),
                new CloseConnection(),
                new StopTimer(TimerKind.HOLD), new StopTimer(TimerKind.KEEPALIVE), new StopTimer(TimerKind.SEND_HOLD),
                new SessionDown("send hold timer expired: the peer is not reading (RFC 9687)"),
                new StartTimer(TimerKind.IDLE_HOLD, Duration.ofSeconds(5)));
    }
}
