package io.flatnet.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flatnet.bgp.wire.message.BgpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.HexFormat;

/** Hex in, hex out, and the golden-bytes round trip every codec test uses. */
public final class WireBytes {
    public static final String MARKER = "ffffffffffffffffffffffffffffffff";

    private WireBytes() {}

    /** Hex text with any whitespace, as written in the tests and the corpus. */
    public static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
    }

    public static ByteBuf buf(String text) {
        return Unpooled.wrappedBuffer(hex(text));
    }

    public static String hexOf(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }

    public static String encodeToHex(BgpMessage message, CodecContext context) {
        ByteBuf out = MessageEncoder.encode(message, context, UnpooledByteBufAllocator.DEFAULT);
        try {
            return hexOf(out);
        } finally {
            out.release();
        }
    }

    public static Decoded decode(String text, CodecContext context) throws BgpWireException {
        ByteBuf in = buf(text);
        try {
            Decoded decoded = MessageDecoder.decode(in, context);
            assertThat(in.isReadable()).as("decoder consumed the whole frame").isFalse();
            return decoded;
        } finally {
            in.release();
        }
    }

    public static WireError decodeError(String text, CodecContext context) {
        return catchThrowableOfType(BgpWireException.class, () -> decode(text, context)).error();
    }

    /** Golden bytes both ways: the value encodes to exactly the hex, and the hex decodes cleanly to the value. */
    public static void assertGolden(BgpMessage message, String text, CodecContext context) throws BgpWireException {
        String expected = HexFormat.of().formatHex(hex(text));
        assertThat(encodeToHex(message, context)).as("encoded").isEqualTo(expected);
        Decoded decoded = decode(text, context);
        assertThat(decoded.errors()).isEmpty();
        assertThat(decoded.message()).as("decoded").isEqualTo(message);
    }
}
