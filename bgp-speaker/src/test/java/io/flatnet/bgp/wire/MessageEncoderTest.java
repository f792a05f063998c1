package io.flatnet.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.wire.message.Keepalive;
import io.flatnet.bgp.wire.message.Notification;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class MessageEncoderTest {

    @Test
    void appendsAfterWhatIsAlreadyInTheBuffer() {
        ByteBuf out = Unpooled.buffer();
        try {
            out.writeByte(0xAA);
            MessageEncoder.encode(Keepalive.INSTANCE, CodecContext.INITIAL, out);
            MessageEncoder.encode(Keepalive.INSTANCE, CodecContext.INITIAL, out);
            assertThat(WireBytes.hexOf(out)).isEqualTo("aa" + (WireBytes.MARKER + "001304").repeat(2));
        } finally {
            out.release();
        }
    }

    @Test
    void tooLongIsAProgrammingErrorAndLeavesTheBufferAsItWas() {
        Notification big = Notification.of(NotificationCode.CEASE, Bytes.of(new byte[4096 - 21 + 1]));
        ByteBuf out = Unpooled.buffer();
        try {
            out.writeByte(0xAA);
            assertThatThrownBy(() -> MessageEncoder.encode(big, CodecContext.INITIAL, out))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("4097");
            assertThat(WireBytes.hexOf(out)).isEqualTo("aa");
            MessageEncoder.encode(big, Contexts.extendedMessages(), out);
            assertThat(out.readableBytes()).isEqualTo(1 + 4097);
        } finally {
            out.release();
        }
    }

    @Test
    void allocatingVariantReleasesItsBufferOnFailure() {
        var allocator = new UnpooledByteBufAllocator(false);
        ByteBuf ok = MessageEncoder.encode(Keepalive.INSTANCE, CodecContext.INITIAL, allocator);
        assertThat(ok.readableBytes()).isEqualTo(19);
        assertThat(ok.release()).isTrue();
        Notification big = Notification.of(NotificationCode.CEASE, Bytes.of(new byte[70000]));
        assertThatThrownBy(() -> MessageEncoder.encode(big, Contexts.extendedMessages(), allocator))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(allocator.metric().usedHeapMemory()).as("nothing left allocated").isZero();
    }
}
