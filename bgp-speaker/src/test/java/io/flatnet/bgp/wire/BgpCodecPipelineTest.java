package io.flatnet.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.wire.capability.ExtendedMessageCapability;
import io.flatnet.bgp.wire.message.BgpMessage;
import io.flatnet.bgp.wire.message.Keepalive;
import io.flatnet.bgp.wire.message.Notification;
import io.flatnet.bgp.wire.message.Open;
import io.flatnet.bgp.wire.message.RouteRefresh;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outbound encoder and the inbound frame decoder back to back, as two peers' pipelines meet. */
class BgpCodecPipelineTest {

    @Test
    void everyMessageTypeCrossesTheWireIntact() throws Exception {
        List<BgpMessage> sent = List.of(
                Open.of(Asn.of(4_200_000_001L), 90, RouterId.parse("192.0.2.1"), OpenMessageTest.ALL_CAPABILITIES),
                Keepalive.INSTANCE,
                RouteRefresh.request(AddressFamily.IPV6_UNICAST),
                new RouteRefresh(AddressFamily.IPV4_UNICAST, RouteRefresh.END_OF_ROUTE_REFRESH),
                Notification.shutdown(NotificationCode.CEASE_ADMINISTRATIVE_RESET, "new config"));
        assertThat(crossWire(sent, CodecContext.INITIAL)).isEqualTo(sent);
    }

    @Test
    void largeMessagesOnceBothSidesSwitchToExtendedMessages() throws Exception {
        Notification big = Notification.of(NotificationCode.CEASE, Bytes.of(new byte[10_000]));
        Open open = new Open(4, 65001, 180, RouterId.parse("10.0.0.1"), List.of(new ExtendedMessageCapability()));
        assertThat(crossWire(List.of(open, big), Contexts.extendedMessages())).containsExactly(open, big);
    }

    @Test
    void aMessageTooLongFailsItsWriteAndSendsNothing() {
        EmbeddedChannel out = new EmbeddedChannel(new BgpMessageEncoder());
        ChannelFuture write = out.writeOneOutbound(Notification.of(NotificationCode.CEASE, Bytes.of(new byte[5000])));
        out.flushOutbound();
        assertThat(write.cause()).isInstanceOf(EncoderException.class).hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(out.<Object>readOutbound()).isNull();
        assertThat(out.finishAndReleaseAll()).isFalse();
    }

    private static List<BgpMessage> crossWire(List<BgpMessage> messages, CodecContext context) throws BgpWireException {
        BgpMessageEncoder encoder = new BgpMessageEncoder();
        encoder.setContext(context);
        EmbeddedChannel sender = new EmbeddedChannel(encoder);
        FrameEvents events = new FrameEvents();
        EmbeddedChannel receiver = new EmbeddedChannel(new BgpFrameDecoder(context), events);

        assertThat(sender.writeOutbound(messages.toArray())).isTrue();
        List<ByteBuf> onTheWire = new ArrayList<>();
        for (ByteBuf b; (b = sender.readOutbound()) != null; ) {
            onTheWire.add(b);
            receiver.writeInbound(b);
        }
        List<BgpMessage> received = new ArrayList<>();
        for (ByteBuf frame; (frame = receiver.readInbound()) != null; ) {
            try {
                received.add(MessageDecoder.decode(frame, context).message());
            } finally {
                frame.release();
            }
        }
        assertThat(events.errors).isEmpty();
        assertThat(sender.finishAndReleaseAll()).isFalse();
        assertThat(receiver.finishAndReleaseAll()).isFalse();
        assertThat(onTheWire).allSatisfy(b -> assertThat(b.refCnt()).as("wire buffer released").isZero());
        return received;
    }
}
