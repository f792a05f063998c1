package io.flatnet.bgp.fsm;

import static io.flatnet.bgp.fsm.Handshake.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.fsm.FsmAction.CloseConnection;
import io.flatnet.bgp.fsm.FsmAction.ProcessUpdate;
import io.flatnet.bgp.fsm.FsmAction.SendKeepalive;
import io.flatnet.bgp.fsm.FsmAction.SendNotification;
import io.flatnet.bgp.fsm.FsmAction.SessionDown;
import io.flatnet.bgp.fsm.FsmAction.SessionEstablished;
import io.flatnet.bgp.fsm.FsmAction.StartTimer;
import io.flatnet.bgp.fsm.FsmAction.StopTimer;
import io.flatnet.bgp.fsm.FsmEvent.KeepaliveReceived;
import io.flatnet.bgp.fsm.FsmEvent.SendProgress;
import io.flatnet.bgp.fsm.FsmEvent.UpdateReceived;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HoldTimeNegotiationTest {

    private static PeerFsm withLocalHold(int seconds) {
        return new PeerFsm(FsmConfig.DEFAULT.withHoldTime(Duration.ofSeconds(seconds)));
    }

    @ParameterizedTest(name = "local {0} s, peer {1} s -> hold {2} s, keepalive {3} s")
    @CsvSource({
        "90, 90, 90, 30",
        "90, 30, 30, 10",
        "9, 90, 9, 3",
        "90, 3, 3, 1",
        "4, 90, 4, 1",
        "90, 10, 10, 3",
        "65535, 65535, 65535, 21845",
    })
    void holdTimeIsTheSmallerOfferAndKeepaliveAThird(int local, int peer, int hold, int keepalive) {
        PeerFsm fsm = withLocalHold(local);

        Transition t = fsm.step(Handshake.openSent(fsm), open(peer));

        assertThat(t.sessionState()).isEqualTo(SessionState.OPEN_CONFIRM);
        Negotiated n = t.state().negotiated().orElseThrow();
        assertThat(n.holdTime()).isEqualTo(Duration.ofSeconds(hold));
        assertThat(n.keepaliveTime()).isEqualTo(Duration.ofSeconds(keepalive));
        assertThat(t.actions()).containsExactly(
                new SendKeepalive(),
                new StartTimer(TimerKind.KEEPALIVE, Duration.ofSeconds(keepalive)),
                new StartTimer(TimerKind.HOLD, Duration.ofSeconds(hold)));
    }

    @ParameterizedTest(name = "local {0} s, peer {1} s")
    @CsvSource({"0, 90", "90, 0", "0, 0"})
    void zeroOnEitherSideMeansNoHoldAndNoKeepaliveTimers(int local, int peer) {
        PeerFsm fsm = withLocalHold(local);

        Transition confirm = fsm.step(Handshake.openSent(fsm), open(peer));
        // One KEEPALIVE still acknowledges the OPEN; the 4-minute OpenSent hold timer must go.
        assertThat(confirm.actions()).containsExactly(new SendKeepalive(), new StopTimer(TimerKind.HOLD));

        Transition up = fsm.step(confirm.state(), new KeepaliveReceived());
        assertThat(up.sessionState()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(up.actions()).containsExactly(new SessionEstablished(Duration.ZERO, Duration.ZERO));

        assertThat(fsm.step(up.state(), new KeepaliveReceived()).actions()).isEmpty();
        assertThat(fsm.step(up.state(), new UpdateReceived()).actions()).containsExactly(new ProcessUpdate());
        assertThat(fsm.step(up.state(), new SendProgress()).actions()).isEmpty();

        Transition down = fsm.step(up.state(), new FsmEvent.TcpConnectionFails());
        assertThat(down.actions()).containsExactly(
                new CloseConnection(),
                new SessionDown("TCP connection failed"),
                new StartTimer(TimerKind.IDLE_HOLD, Duration.ofSeconds(5)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aPeerHoldTimeOfOneOrTwoSecondsIsRefused(int peer) {
        PeerFsm fsm = new PeerFsm(FsmConfig.DEFAULT);

        Transition t = fsm.step(Handshake.openSent(fsm), open(peer));

        assertThat(t.sessionState()).isEqualTo(SessionState.IDLE);
        assertThat(t.actions()).containsExactly(
                new SendNotification(FsmErrors.OPEN_MESSAGE_ERROR, FsmErrors.UNACCEPTABLE_HOLD_TIME),
                new CloseConnection(),
                new StopTimer(TimerKind.HOLD),
                new StartTimer(TimerKind.IDLE_HOLD, Duration.ofSeconds(5)));
        assertThat(t.reason()).contains("unacceptable hold time " + peer);
    }

    @Test
    void theConfiguredHoldTimeMustBeZeroOrAtLeastThreeWholeSeconds() {
        for (Duration bad : new Duration[] {
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(4500),
                Duration.ofSeconds(-3), Duration.ofSeconds(65536)}) {
            assertThatThrownBy(() -> FsmConfig.DEFAULT.withHoldTime(bad))
                    .as("hold time %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(FsmConfig.DEFAULT.withHoldTime(Duration.ZERO).holdTime()).isZero();
        assertThat(FsmConfig.DEFAULT.withHoldTime(Duration.ofSeconds(3)).holdTime()).hasSeconds(3);
    }
}
