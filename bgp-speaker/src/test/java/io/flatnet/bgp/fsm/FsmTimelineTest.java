package io.flatnet.bgp.fsm;

import static io.flatnet.bgp.fsm.Handshake.open;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.FsmAction.ConnectTcp;
import io.flatnet.bgp.fsm.FsmAction.SendKeepalive;
import io.flatnet.bgp.fsm.FsmAction.SendNotification;
import io.flatnet.bgp.fsm.FsmEvent.KeepaliveReceived;
import io.flatnet.bgp.fsm.FsmEvent.ManualStart;
import io.flatnet.bgp.fsm.FsmEvent.TcpConnectionFails;
import io.flatnet.bgp.fsm.FsmEvent.TcpCrAcked;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The FSM against a fake clock: what happens over time, not just per event. */
class FsmTimelineTest {

    private static final SendNotification HOLD_EXPIRED = new SendNotification(FsmErrors.HOLD_TIMER_EXPIRED, 0);

    private static FsmTimeline establishedWithHoldTime(int seconds) {
        FsmTimeline timeline = new FsmTimeline(new PeerFsm(FsmConfig.DEFAULT.withHoldTime(ofSeconds(seconds))));
        timeline.feed(new ManualStart());
        timeline.feed(new TcpCrAcked());
        timeline.feed(open(seconds));
        timeline.feed(new KeepaliveReceived());
        assertThat(timeline.state().state()).isEqualTo(SessionState.ESTABLISHED);
        return timeline;
    }

    @Test
    void withHoldTimeNineKeepalivesGoEveryThreeSecondsAndASilentPeerIsDroppedAtNine() {
        FsmTimeline timeline = establishedWithHoldTime(9);

        timeline.advanceTo(ofMillis(8_999));
        assertThat(timeline.state().state()).isEqualTo(SessionState.ESTABLISHED);

        timeline.advanceTo(ofSeconds(9));
        assertThat(timeline.state().state()).isEqualTo(SessionState.IDLE);
        // The first KEEPALIVE acknowledges the OPEN; the timer sends the rest.
        assertThat(timeline.timesOf(new SendKeepalive())).containsExactly(ofSeconds(0), ofSeconds(3), ofSeconds(6));
        assertThat(timeline.timesOf(HOLD_EXPIRED)).containsExactly(ofSeconds(9));
        // Everything of the dead session is cancelled; only the restart remains, 5 s out.
        assertThat(timeline.armedTimers()).isEqualTo(Map.of(TimerKind.IDLE_HOLD, ofSeconds(14)));

        timeline.advanceTo(ofSeconds(14));
        assertThat(timeline.state().state()).isEqualTo(SessionState.CONNECT);
        assertThat(timeline.timesOf(ConnectTcp.class)).containsExactly(ofSeconds(0), ofSeconds(14));
    }

    @Test
    void aPeerThatKeepsSendingKeepalivesStaysUp() {
        FsmTimeline timeline = establishedWithHoldTime(9);

        for (int i = 0; i < 20; i++) {
            timeline.advance(ofSeconds(3));
            timeline.feed(new KeepaliveReceived());
        }

        assertThat(timeline.now()).isEqualTo(ofSeconds(60));
        assertThat(timeline.state().state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(timeline.timesOf(SendKeepalive.class)).hasSize(21);
        assertThat(timeline.armedTimers().get(TimerKind.HOLD)).isEqualTo(ofSeconds(69));
    }

    @Test
    void refusedConnectionsAreRetriedWithDoublingBackoffUpToTheCap() {
        FsmTimeline timeline = new FsmTimeline(new PeerFsm(FsmConfig.DEFAULT))
                .reactTo(ConnectTcp.class, new TcpConnectionFails());

        timeline.feed(new ManualStart());
        timeline.advanceTo(ofSeconds(400));

        // Gaps of 5, 10, 20, 40, 80, then the 120 s cap.
        assertThat(timeline.timesOf(ConnectTcp.class)).containsExactly(
                ofSeconds(0), ofSeconds(5), ofSeconds(15), ofSeconds(35), ofSeconds(75),
                ofSeconds(155), ofSeconds(275), ofSeconds(395));
    }

    @Test
    void aSilentHostIsProbedWithGrowingConnectTimeouts() {
        FsmTimeline timeline = new FsmTimeline(new PeerFsm(FsmConfig.DEFAULT));

        timeline.feed(new ManualStart());
        timeline.advanceTo(ofSeconds(300));

        assertThat(timeline.timesOf(ConnectTcp.class)).containsExactly(
                ofSeconds(0), ofSeconds(5), ofSeconds(10), ofSeconds(20), ofSeconds(40),
                ofSeconds(80), ofSeconds(160), ofSeconds(280));
        assertThat(timeline.state().state()).isEqualTo(SessionState.CONNECT);
    }

    @Test
    void aPeerThatNeverSendsItsOpenIsDroppedAfterFourMinutes() {
        FsmTimeline timeline = new FsmTimeline(new PeerFsm(FsmConfig.DEFAULT));
        timeline.feed(new ManualStart());
        timeline.feed(new TcpCrAcked());

        timeline.advanceTo(Duration.ofMinutes(4));

        assertThat(timeline.timesOf(HOLD_EXPIRED)).containsExactly(Duration.ofMinutes(4));
        assertThat(timeline.state().state()).isEqualTo(SessionState.IDLE);
    }

    @Test
    void anEstablishedSessionResetsTheBackoff() {
        FsmTimeline timeline = new FsmTimeline(new PeerFsm(FsmConfig.DEFAULT.withHoldTime(ofSeconds(9))));
        timeline.feed(new ManualStart());
        timeline.feed(new TcpConnectionFails()); // restart in 5 s
        timeline.advance(ofSeconds(5));
        timeline.feed(new TcpConnectionFails()); // restart in 10 s
        assertThat(timeline.armedTimers()).isEqualTo(Map.of(TimerKind.IDLE_HOLD, ofSeconds(15)));

        timeline.advance(ofSeconds(10));
        timeline.feed(new TcpCrAcked());
        timeline.feed(open(9));
        timeline.feed(new KeepaliveReceived());
        timeline.advance(ofSeconds(9)); // silent peer: hold timer expires at 24 s

        assertThat(timeline.state().state()).isEqualTo(SessionState.IDLE);
        assertThat(timeline.armedTimers()).isEqualTo(Map.of(TimerKind.IDLE_HOLD, ofSeconds(29)));
    }
}
