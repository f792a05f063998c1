package io.flatnet.bgp.fsm;

import static io.flatnet.bgp.fsm.Handshake.PEER_AS;
import static io.flatnet.bgp.fsm.Handshake.PEER_ID;
import static io.flatnet.bgp.fsm.Handshake.open;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.FsmAction.ConnectTcp;
import io.flatnet.bgp.fsm.FsmAction.SendKeepalive;
import io.flatnet.bgp.fsm.FsmAction.SendOpen;
import io.flatnet.bgp.fsm.FsmAction.SessionEstablished;
import io.flatnet.bgp.fsm.FsmAction.StartTimer;
import io.flatnet.bgp.fsm.FsmAction.StopTimer;
import io.flatnet.bgp.fsm.FsmEvent.KeepaliveReceived;
import io.flatnet.bgp.fsm.FsmEvent.ManualStart;
import io.flatnet.bgp.fsm.FsmEvent.TcpConnectionConfirmed;
import io.flatnet.bgp.fsm.FsmEvent.TcpCrAcked;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActiveHandshakeTest {

    private final PeerFsm fsm = new PeerFsm(FsmConfig.DEFAULT);

    @Test
    void idleToEstablishedOverOurOwnConnection() {
        Transition t = fsm.step(FsmState.initial(), new ManualStart());
        assertThat(t.sessionState()).isEqualTo(SessionState.CONNECT);
        assertThat(t.actions()).containsExactly(
                new StartTimer(TimerKind.CONNECT_RETRY, Duration.ofSeconds(5)), new ConnectTcp());
        assertThat(t.state().started()).isTrue();

        t = fsm.step(t.state(), new TcpCrAcked());
        assertThat(t.sessionState()).isEqualTo(SessionState.OPEN_SENT);
        assertThat(t.actions()).containsExactly(
                new StopTimer(TimerKind.CONNECT_RETRY),
                new SendOpen(),
                new StartTimer(TimerKind.HOLD, Duration.ofMinutes(4)));

        t = fsm.step(t.state(), open(90));
        assertThat(t.sessionState()).isEqualTo(SessionState.OPEN_CONFIRM);
        assertThat(t.actions()).containsExactly(
                new SendKeepalive(),
                new StartTimer(TimerKind.KEEPALIVE, Duration.ofSeconds(30)),
                new StartTimer(TimerKind.HOLD, Duration.ofSeconds(90)));
        assertThat(t.state().negotiated()).contains(
                new Negotiated(Duration.ofSeconds(90), Duration.ofSeconds(30), PEER_ID, PEER_AS));
        assertThat(t.reason()).contains("AS65002", "10.0.0.2", "90 s");

        t = fsm.step(t.state(), new KeepaliveReceived());
        assertThat(t.sessionState()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(t.actions()).containsExactly(
                new StartTimer(TimerKind.HOLD, Duration.ofSeconds(90)),
                new StartTimer(TimerKind.SEND_HOLD, Duration.ofMinutes(8)),
                new SessionEstablished(Duration.ofSeconds(90), Duration.ofSeconds(30)));
    }

    @Test
    void anInboundConnectionWhileConnectingIsTakenInstead() {
        Transition t = fsm.step(Handshake.connect(fsm), new TcpConnectionConfirmed());

        assertThat(t.sessionState()).isEqualTo(SessionState.OPEN_SENT);
        assertThat(t.actions()).containsExactly(
                new StopTimer(TimerKind.CONNECT_RETRY),
                new SendOpen(),
                new StartTimer(TimerKind.HOLD, Duration.ofMinutes(4)));
    }

    @Test
    void reachingEstablishedForgetsEarlierFailures() {
        FsmState failedTwice = new FsmState(SessionState.OPEN_CONFIRM, true, false, 2,
                Optional.of(new Negotiated(Duration.ofSeconds(90), Duration.ofSeconds(30), PEER_ID, PEER_AS)), false);

        Transition t = fsm.step(failedTwice, new KeepaliveReceived());

        assertThat(t.state().connectRetryCounter()).isZero();
    }

    @Test
    void startEventsAreIgnoredOnceStarted() {
        FsmState established = Handshake.established(fsm, 90);
        for (FsmEvent start : new FsmEvent[] {new ManualStart(), new FsmEvent.ManualStartPassive(),
                new FsmEvent.AutomaticStart(), new FsmEvent.AutomaticStartPassive()}) {
            Transition t = fsm.step(established, start);
            assertThat(t.state()).isEqualTo(established);
            assertThat(t.actions()).isEmpty();
        }
    }
}
