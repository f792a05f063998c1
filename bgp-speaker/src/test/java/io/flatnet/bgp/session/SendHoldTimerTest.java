package io.flatnet.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.wire.BgpWireException;
import io.flatnet.bgp.wire.MessageDecoder;
import io.flatnet.bgp.wire.NotificationCode;
import io.flatnet.bgp.wire.message.BgpMessage;
import io.flatnet.bgp.wire.message.Keepalive;
import io.flatnet.bgp.wire.message.Notification;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9687: a peer that stops reading is dropped with 8/0 after the send hold time. */
class SendHoldTimerTest extends SessionTestSupport {

    /** Takes every write and never completes it, as a socket whose peer window stays at zero. */
    static final class Stuck extends ChannelOutboundHandlerAdapter {
        final List<BgpMessage> held = new ArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws BgpWireException {
            ByteBuf b = (ByteBuf) msg;
            try {
                held.add(MessageDecoder.decode(b, CTX).message());
            } finally {
                b.release();
            }
        }
    }

    @Test
    void stuckOutputEndsTheSessionWithSendHoldTimerExpired() {
        establish(config().build());
        Stuck stuck = new Stuck();
        ch.pipeline().addFirst(stuck);
        // The peer keeps talking (so the hold timer stays happy) but reads nothing.
        // Send hold time = max(8 min, 2 x 90 s) = 480 s from the last write progress.
        for (int t = 0; t < 470; t += 10) {
            advance(ch, seconds(10));
            send(ch, Keepalive.INSTANCE);
        }
        assertThat(state()).isEqualTo(SessionState.ESTABLISHED);
        advance(ch, seconds(20));
        assertThat(stuck.held).filteredOn(Notification.class::isInstance).singleElement()
                .satisfies(n -> assertThat(((Notification) n).known()).isEqualTo(NotificationCode.SEND_HOLD_TIMER_EXPIRED));
        assertThat(state()).isEqualTo(SessionState.IDLE);
        advance(ch, Peer.NOTIFICATION_FLUSH_TIMEOUT);
        assertThat(ch.isOpen()).isFalse();
        assertThat(peer.status().lastError()).contains("send hold timer");
    }

    @Test
    void anIdleSessionIsNotStuck() {
        establish(config().build());
        for (int t = 0; t < 1200; t += 20) {
            advance(ch, seconds(20));
            send(ch, Keepalive.INSTANCE);
        }
        assertThat(state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(notifications(out(ch))).isEmpty();
    }
}
