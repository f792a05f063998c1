package io.flatnet.bgp.fsm;

import io.flatnet.bgp.model.Bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.fsm.FsmAction.SendNotification;
import io.flatnet.bgp.fsm.FsmAction.StartTimer;
import io.flatnet.bgp.fsm.FsmEvent.HeaderError;
import io.flatnet.bgp.fsm.FsmEvent.OpenReceived;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ValueTypesTest {

    @Test
    void notificationDataComparesByContentAndCopiesBothWays() {
        byte[] raw = {1, 2, (byte) 0xFF};
        Bytes data = Bytes.of(raw);
        raw[0] = 9;

        assertThat(data).isEqualTo(Bytes.of((byte) 1, (byte) 2, (byte) 0xFF));
        assertThat(data).hasSameHashCodeAs(Bytes.of((byte) 1, (byte) 2, (byte) 0xFF));
        assertThat(data).isNotEqualTo(Bytes.of((byte) 1, (byte) 2));
        assertThat(data.toString()).isEqualTo("0102ff");
        assertThat(data.length()).isEqualTo(3);

        data.toArray()[1] = 7;
        assertThat(data.toArray()).containsExactly(1, 2, 0xFF);

        assertThat(Bytes.of()).isSameAs(Bytes.EMPTY);
        assertThat(Bytes.EMPTY.isEmpty()).isTrue();
    }

    @Test
    void recordsCarryingNotificationBytesAreEqualByContent() {
        assertThat(new HeaderError(1, 2, Bytes.of((byte) 0, (byte) 19)))
                .isEqualTo(new HeaderError(1, 2, Bytes.of((byte) 0, (byte) 19)));
        assertThat(new SendNotification(6, 2)).isEqualTo(new SendNotification(6, 2, Bytes.EMPTY));
    }

    @ParameterizedTest
    @EnumSource(TimerKind.class)
    void everyTimerKindHasItsExpiryEvent(TimerKind kind) {
        String expected = switch (kind) {
            case CONNECT_RETRY -> "ConnectRetryTimerExpired";
            case HOLD -> "HoldTimerExpired";
            case KEEPALIVE -> "KeepaliveTimerExpired";
            case SEND_HOLD -> "SendHoldTimerExpired";
            case IDLE_HOLD -> "IdleHoldTimerExpired";
        };
        assertThat(FsmEvent.timerExpired(kind).getClass().getSimpleName()).isEqualTo(expected);
    }

    @Test
    void eventsAndActionsRejectValuesTheWireCannotCarry() {
        assertThatThrownBy(() -> new OpenReceived(65536, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OpenReceived(-1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OpenReceived(90, 1, 1L << 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HeaderError(256, 0, Bytes.EMPTY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SendNotification(6, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StartTimer(TimerKind.HOLD, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new OpenReceived(65535, 0xFFFF_FFFF, 0xFFFF_FFFFL).asn()).isEqualTo(4_294_967_295L);
    }

    @Test
    void negotiatedValuesExistExactlyOnceTheOpensAreExchanged() {
        Negotiated n = new Negotiated(Duration.ofSeconds(90), Duration.ofSeconds(30), 1, 1);

        assertThatThrownBy(() -> new FsmState(SessionState.OPEN_SENT, true, false, 0, Optional.of(n), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FsmState(SessionState.ESTABLISHED, true, false, 0, Optional.empty(), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FsmState(SessionState.IDLE, true, false, -1, Optional.empty(), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyPassivePeersWaitInActiveAndOnlyActiveOnesConnect() {
        assertThatThrownBy(() -> new FsmState(SessionState.ACTIVE, true, false, 0, Optional.empty(), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FsmState(SessionState.CONNECT, true, true, 0, Optional.empty(), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTransitionKeepsItsOwnCopyOfTheActions() {
        List<FsmAction> actions = new ArrayList<>(List.of(new FsmAction.SendKeepalive()));
        Transition t = new Transition(FsmState.initial(), actions, "test");
        actions.clear();

        assertThat(t.actions()).hasSize(1);
        assertThatThrownBy(() -> t.actions().add(new FsmAction.SendOpen()))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
