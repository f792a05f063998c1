package io.flatnet.bgp.wire;

import io.flatnet.bgp.wire.message.BgpMessage;
import io.flatnet.bgp.wire.message.Keepalive;
import io.flatnet.bgp.wire.message.Notification;
import io.flatnet.bgp.wire.message.Open;
import io.flatnet.bgp.wire.message.RouteRefresh;
import io.flatnet.bgp.wire.message.Update;
import io.flatnet.bgp.wire.open.OpenCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Writes BGP messages, header included. */
public final class MessageEncoder {
    private MessageEncoder() {}

    /**
     * Appends {@code message} to {@code out}. The length field is patched in after the body is
     * written, so no codec has to size its output in advance.
     *
     * @throws IllegalArgumentException when the message would be longer than the context allows
     *     (4096 octets, 65535 with extended messages; OPEN and KEEPALIVE always 4096). Building
     *     such a message is a bug in the caller, not bad input; {@code out} is left as it was.
     */
    public static void encode(BgpMessage message, CodecContext context, ByteBuf out) {
        int start = out.writerIndex();
        try {
            MessageHeader.writeHeader(out, message.type());
            switch (message) {
                case Open open -> OpenCodec.encodeBody(open, out);
                case Update update -> UpdateEncoder.encodeBody(update, context, out);
                case Notification notification -> NotificationCodec.encodeBody(notification, out);
                case RouteRefresh refresh -> RouteRefreshCodec.encodeBody(refresh, out);
                case Keepalive _ -> { } // the header is the whole message
            }
            int length = out.writerIndex() - start;
            int limit = MessageHeader.maxLength(message.type(), context);
            if (length > limit) {
                throw new IllegalArgumentException(
                        message.type() + " of " + length + " octets exceeds the " + limit + "-octet limit");
            }
            MessageHeader.patchLength(out, start);
        } catch (RuntimeException e) {
            out.writerIndex(start); // leave no half-written message behind
            throw e;
        }
    }

    /** Encodes {@code message} into a new buffer from {@code allocator}, which the caller owns. */
    public static ByteBuf encode(BgpMessage message, CodecContext context, ByteBufAllocator allocator) {
        ByteBuf out = allocator.buffer();
        try {
            encode(message, context, out);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }
}
