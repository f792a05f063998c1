package io.flatnet.bgp.wire;

import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.ByteBuf;

/** Writes the body of an UPDATE (everything after the 19-octet header). */
public final class UpdateEncoder {
    private UpdateEncoder() {}

    /** Appends the UPDATE body to {@code out}. */
    public static void encodeBody(Update update, CodecContext context, ByteBuf out) {
        throw new UnsupportedOperationException("UPDATE encoding is being written");
    }
}
