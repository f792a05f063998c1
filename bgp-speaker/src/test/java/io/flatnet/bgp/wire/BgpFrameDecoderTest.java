package io.flatnet.bgp.wire;

import static io.flatnet.bgp.wire.WireBytes.MARKER;
import static io.flatnet.bgp.wire.WireBytes.buf;
import static io.flatnet.bgp.wire.WireBytes.hex;
import static io.flatnet.bgp.wire.WireBytes.hexOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BgpFrameDecoderTest {
    private static final String KEEPALIVE = MARKER + "001304";
    private static final String REFRESH = MARKER + "0017050001" + "0001";
    private static final String CEASE = MARKER + "0015030600";

    private final BgpFrameDecoder decoder = new BgpFrameDecoder();
    private final FrameEvents events = new FrameEvents();
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder, events);
    private final List<ByteBuf> written = new ArrayList<>();

    @AfterEach
    void noLeaks() {
        channel.finishAndReleaseAll();
        for (ByteBuf b : written) {
            assertThat(b.refCnt()).as("input buffer released").isZero();
        }
    }

    @Test
    void byteByByte() {
        byte[] stream = hex(REFRESH + KEEPALIVE);
        for (int i = 0; i < stream.length; i++) {
            write(Unpooled.wrappedBuffer(new byte[] {stream[i]}));
            if (i == 22) {
                assertThat(readFrames()).containsExactly(REFRESH);
            } else if (i != stream.length - 1) {
                assertThat(channel.<Object>readInbound()).as("nothing before octet %d completes a message", i).isNull();
            }
        }
        assertThat(readFrames()).containsExactly(KEEPALIVE);
        assertThat(events.errors).isEmpty();
    }

    @Test
    void severalMessagesInOneBufferAndOneSplitAcrossTwo() {
        String stream = KEEPALIVE + REFRESH + CEASE + KEEPALIVE;
        byte[] bytes = hex(stream);
        write(Unpooled.wrappedBuffer(bytes, 0, 50));
        assertThat(readFrames()).containsExactly(KEEPALIVE, REFRESH);
        write(Unpooled.wrappedBuffer(bytes, 50, bytes.length - 50));
        assertThat(readFrames()).containsExactly(CEASE, KEEPALIVE);
    }

    @Test
    void framesAreSlicesOfTheInputNotCopies() {
        ByteBuf in = Unpooled.directBuffer().writeBytes(hex(KEEPALIVE + KEEPALIVE));
        write(in);
        ByteBuf first = channel.readInbound();
        ByteBuf second = channel.readInbound();
        try {
            in.setByte(19 + 18, 0x7f); // the second message's type octet, written through the input
            assertThat(second.getByte(18)).isEqualTo((byte) 0x7f);
            assertThat(in.refCnt()).as("held by the two frames").isEqualTo(2);
        } finally {
            first.release();
            second.release();
        }
    }

    @Test
    void badHeaderMidStreamFiresOneEventAfterTheGoodFramesAndDropsTheRest() {
        String bad = MARKER + "fff0" + "02"; // 65520 octets: too long without extended messages
        write(buf(KEEPALIVE + REFRESH + bad + KEEPALIVE));
        assertThat(readFrames()).containsExactly(KEEPALIVE, REFRESH);
        assertThat(events.errors).hasSize(1);
        FrameErrorEvent event = events.errors.getFirst();
        assertThat(event.error().code()).isEqualTo(NotificationCode.BAD_MESSAGE_LENGTH);
        assertThat(event.error().data()).isEqualTo(Bytes.fromHex("fff0"));
        assertThat(event.mayNotify()).isTrue();
        assertThat(decoder.failed()).isTrue();

        write(buf(KEEPALIVE + KEEPALIVE));
        assertThat(readFrames()).isEmpty();
        assertThat(events.errors).hasSize(1);
        assertThat(channel.isOpen()).as("closing is the session's job, after its NOTIFICATION").isTrue();
    }

    @Test
    void badHeaderIsSeenBeforeTheBodyArrives() {
        write(buf(MARKER + "0fff04")); // a 4095-octet KEEPALIVE: no need to wait for 4076 more octets
        assertThat(events.errors).singleElement()
                .satisfies(e -> assertThat(e.error().code()).isEqualTo(NotificationCode.BAD_MESSAGE_LENGTH));
    }

    @Test
    void eachHeaderErrorIsReported() {
        assertFirstError("00" + MARKER.substring(2) + "001304", NotificationCode.CONNECTION_NOT_SYNCHRONIZED, "");
        assertFirstError(MARKER + "001307", NotificationCode.BAD_MESSAGE_TYPE, "07");
        assertFirstError(MARKER + "001c01", NotificationCode.BAD_MESSAGE_LENGTH, "001c");
    }

    @Test
    void aBadNotificationHeaderMustNotBeAnsweredWithANotification() {
        write(buf(MARKER + "001403" + "06"));
        assertThat(events.errors.getFirst().mayNotify()).isFalse();
    }

    @Test
    void theLimitRisesWhenTheContextDoes() {
        String big = MARKER + "1388" + "03" + "0600" + "ab".repeat(5000 - 21);
        decoder.setContext(Contexts.extendedMessages());
        write(buf(big + KEEPALIVE));
        assertThat(readFrames()).containsExactly(big, KEEPALIVE);
        assertThat(events.errors).isEmpty();
    }

    @Test
    void aTruncatedMessageAtCloseIsDroppedWithoutLeaking() {
        write(buf(KEEPALIVE + MARKER + "0017"));
        assertThat(readFrames()).containsExactly(KEEPALIVE);
        assertThat(channel.finish()).isFalse();
    }

    private void assertFirstError(String hex, NotificationCode code, String data) {
        BgpFrameDecoder fresh = new BgpFrameDecoder();
        FrameEvents seen = new FrameEvents();
        EmbeddedChannel ch = new EmbeddedChannel(fresh, seen);
        ByteBuf in = buf(hex);
        ch.writeInbound(in);
        assertThat(seen.errors).singleElement().satisfies(e -> {
            assertThat(e.error().code()).isEqualTo(code);
            assertThat(e.error().data()).isEqualTo(Bytes.of(HexFormat.of().parseHex(data)));
        });
        assertThat(ch.<Object>readInbound()).isNull();
        assertThat(ch.finishAndReleaseAll()).isFalse();
        assertThat(in.refCnt()).isZero();
    }

    private void write(ByteBuf in) {
        written.add(in);
        channel.writeInbound(in);
    }

    /** Every frame now waiting, as hex, each released once read. */
    private List<String> readFrames() {
        List<String> frames = new ArrayList<>();
        for (ByteBuf frame; (frame = channel.readInbound()) != null; ) {
            frames.add(hexOf(frame));
            frame.release(); // the reader owns each frame
        }
        return frames;
    }
}
