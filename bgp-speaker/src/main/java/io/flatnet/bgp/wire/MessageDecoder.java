package io.flatnet.bgp.wire;

import io.flatnet.bgp.wire.message.Keepalive;
import io.flatnet.bgp.wire.message.MessageType;
import io.flatnet.bgp.wire.open.OpenCodec;
import io.netty.buffer.ByteBuf;

/**
 * Reads one whole BGP message, header included, into a {@link Decoded} value. Everything the
 * decoded message holds is copied out of the buffer, so the caller may release the frame as soon
 * as this returns.
 */
public final class MessageDecoder {
    private MessageDecoder() {}

    /**
     * Decodes the message at {@code frame}'s reader index, which must span exactly the readable
     * bytes (as {@link BgpFrameDecoder} delivers it). On success the reader index moves past the
     * message; on failure it is left where it was. The frame is never released here.
     *
     * <p>Bytes that are not a whole message (shorter than a header, or a length field that
     * disagrees with the readable bytes) are a Bad Message Length, so arbitrary input always
     * ends in either a value or a typed error.
     *
     * <p>A caller that gets an error for a NOTIFICATION must not answer it with a NOTIFICATION
     * (RFC 4271 §6.4); it can tell by the type octet of the frame.
     *
     * @throws BgpWireException when the session must be reset, carrying the NOTIFICATION to send
     */
    public static Decoded decode(ByteBuf frame, CodecContext context) throws BgpWireException {
        int start = frame.readerIndex();
        int readable = frame.readableBytes();
        if (readable < CodecContext.HEADER_LENGTH) {
            throw BgpWireException.reset(
                    NotificationCode.BAD_MESSAGE_LENGTH, "only " + readable + " octets, shorter than the header");
        }
        int length = MessageHeader.check(frame, start, context);
        if (length != readable) {
            throw MessageHeader.badLength(length, "but " + readable + " octets were given as the message");
        }
        MessageType type = MessageType.fromCode(frame.getUnsignedByte(start + MessageHeader.TYPE_OFFSET));
        ByteBuf body = frame.slice(start + CodecContext.HEADER_LENGTH, length - CodecContext.HEADER_LENGTH);
        Decoded decoded = switch (type) {
            case OPEN -> Decoded.clean(OpenCodec.decodeBody(body));
            case UPDATE -> UpdateDecoder.decode(body, context);
            case NOTIFICATION -> Decoded.clean(NotificationCodec.decodeBody(body));
            case KEEPALIVE -> Decoded.clean(Keepalive.INSTANCE);
            case ROUTE_REFRESH -> Decoded.clean(RouteRefreshCodec.decode(frame, start, length));
        };
        frame.readerIndex(start + length);
        return decoded;
    }
}
