package io.flatnet.bgp.fsm;

import io.flatnet.bgp.model.Bytes;
import static io.flatnet.bgp.fsm.Handshake.open;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.FsmAction.CloseConnection;
import io.flatnet.bgp.fsm.FsmAction.SendNotification;
import io.flatnet.bgp.fsm.FsmAction.SessionDown;
import io.flatnet.bgp.fsm.FsmAction.StartTimer;
import io.flatnet.bgp.fsm.FsmEvent.ConnectRetryTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.HeaderError;
import io.flatnet.bgp.fsm.FsmEvent.IdleHoldTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.KeepaliveReceived;
import io.flatnet.bgp.fsm.FsmEvent.KeepaliveTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.NotificationReceived;
import io.flatnet.bgp.fsm.FsmEvent.OpenMessageError;
import io.flatnet.bgp.fsm.FsmEvent.RouteRefreshReceived;
import io.flatnet.bgp.fsm.FsmEvent.SendHoldTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.UpdateMessageError;
import io.flatnet.bgp.fsm.FsmEvent.UpdateReceived;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 4271 §8.2.2 "any other event", with the RFC 6608 subcode naming the state. */
class UnexpectedEventTest {

    private static final PeerFsm FSM = new PeerFsm(FsmConfig.DEFAULT);
    private static final Bytes DATA = Bytes.of((byte) 0x12, (byte) 0x34);

    static Stream<Arguments> unexpectedAfterOpenSent() {
        Function<PeerFsm, FsmState> openSent = Handshake::openSent;
        Function<PeerFsm, FsmState> openConfirm = f -> Handshake.openConfirm(f, 90);
        Function<PeerFsm, FsmState> established = f -> Handshake.established(f, 90);
        return Stream.of(
                Arguments.of(openSent, new KeepaliveReceived(), 1),
                Arguments.of(openSent, new UpdateReceived(), 1),
                Arguments.of(openSent, new RouteRefreshReceived(), 1),
                Arguments.of(openSent, new UpdateMessageError(3, 1, DATA), 1),
                Arguments.of(openSent, new ConnectRetryTimerExpired(), 1),
                Arguments.of(openSent, new KeepaliveTimerExpired(), 1),
                Arguments.of(openSent, new SendHoldTimerExpired(), 1),
                Arguments.of(openSent, new IdleHoldTimerExpired(), 1),
                Arguments.of(openConfirm, open(90), 2),
                Arguments.of(openConfirm, new UpdateReceived(), 2),
                Arguments.of(openConfirm, new RouteRefreshReceived(), 2),
                Arguments.of(openConfirm, new UpdateMessageError(3, 1, DATA), 2),
                Arguments.of(openConfirm, new ConnectRetryTimerExpired(), 2),
                Arguments.of(openConfirm, new SendHoldTimerExpired(), 2),
                Arguments.of(established, open(90), 3),
                Arguments.of(established, new ConnectRetryTimerExpired(), 3),
                Arguments.of(established, new IdleHoldTimerExpired(), 3));
    }

    @ParameterizedTest(name = "[{index}] {1} -> 5/{2}")
    @MethodSource("unexpectedAfterOpenSent")
    void sendsAnFsmErrorNamingTheState(Function<PeerFsm, FsmState> from, FsmEvent event, int subcode) {
        FsmState before = from.apply(FSM);

        Transition t = FSM.step(before, event);

        assertThat(t.sessionState()).isEqualTo(SessionState.IDLE);
        assertThat(t.actions()).first().isEqualTo(new SendNotification(FsmErrors.FSM_ERROR, subcode));
        assertThat(t.actions()).contains(new CloseConnection());
        assertThat(t.actions()).last().isInstanceOf(StartTimer.class);
        assertThat(t.actions().stream().anyMatch(SessionDown.class::isInstance))
                .isEqualTo(before.state() == SessionState.ESTABLISHED);
        assertThat(t.reason()).startsWith("unexpected " + event.getClass().getSimpleName());
    }

    /** Events that CONNECT has no use for: they drop the attempt. */
    static Stream<FsmEvent> strayBeforeOpen() {
        return Stream.of(new FsmEvent.HoldTimerExpired(),
                new KeepaliveTimerExpired(), new SendHoldTimerExpired(), new IdleHoldTimerExpired(),
                new FsmEvent.TcpConnectionFails(), open(90), new HeaderError(1, 1, DATA),
                new OpenMessageError(2, 2, DATA), new UpdateMessageError(3, 1, DATA),
                new NotificationReceived(6, 2), new KeepaliveReceived(), new UpdateReceived(),
                new RouteRefreshReceived(), new FsmEvent.OpenCollisionDump());
    }

    /** Everything except the four start events. */
    static Stream<FsmEvent> notStartEvents() {
        return Stream.concat(strayBeforeOpen(), Stream.of(
                new ConnectRetryTimerExpired(), new FsmEvent.SendProgress(), new FsmEvent.ManualStop()));
    }

    @ParameterizedTest
    @MethodSource("notStartEvents")
    void aStoppedPeerIgnoresEverythingButAStart(FsmEvent event) {
        Transition t = FSM.step(FsmState.initial(), event);

        assertThat(t.state()).isEqualTo(FsmState.initial());
        assertThat(t.actions()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("strayBeforeOpen")
    void aStrayEventBeforeOurOpenDropsTheAttemptWithoutANotification(FsmEvent event) {
        Transition t = FSM.step(Handshake.connect(FSM), event);

        assertThat(t.sessionState()).isEqualTo(SessionState.IDLE);
        assertThat(t.actions()).doesNotHaveAnyElementsOfTypes(SendNotification.class);
        assertThat(t.actions()).startsWith(new CloseConnection());
    }

    @Test
    void headerAndOpenErrorsAreReportedWithTheSessionsCodeAndData() {
        Transition header = FSM.step(Handshake.openSent(FSM), new HeaderError(1, 2, DATA));
        Transition openError = FSM.step(Handshake.openSent(FSM), new OpenMessageError(2, 4, DATA));
        Transition headerLater = FSM.step(Handshake.established(FSM, 90), new HeaderError(1, 3, DATA));

        assertThat(header.actions()).first().isEqualTo(new SendNotification(1, 2, DATA));
        assertThat(openError.actions()).first().isEqualTo(new SendNotification(2, 4, DATA));
        assertThat(headerLater.actions()).first().isEqualTo(new SendNotification(1, 3, DATA));
        assertThat(header.sessionState()).isEqualTo(SessionState.IDLE);
        assertThat(header.reason()).isEqualTo("message header error 1/2");
    }

    @Test
    void anUpdateErrorInEstablishedIsReportedAndResetsTheSession() {
        Transition t = FSM.step(Handshake.established(FSM, 90), new UpdateMessageError(3, 5, DATA));

        assertThat(t.sessionState()).isEqualTo(SessionState.IDLE);
        assertThat(t.actions()).first().isEqualTo(new SendNotification(3, 5, DATA));
        assertThat(t.actions()).contains(new SessionDown("UPDATE message error 3/5"));
    }

    @Test
    void aNotificationIsNeverAnsweredWithOne() {
        Transition t = FSM.step(Handshake.established(FSM, 90), new NotificationReceived(6, 2));

        assertThat(t.sessionState()).isEqualTo(SessionState.IDLE);
        assertThat(t.actions()).doesNotHaveAnyElementsOfTypes(SendNotification.class);
        assertThat(t.actions()).contains(new CloseConnection(), new SessionDown("NOTIFICATION received 6/2"));
        assertThat(t.state().connectRetryCounter()).isEqualTo(1);
    }
}
