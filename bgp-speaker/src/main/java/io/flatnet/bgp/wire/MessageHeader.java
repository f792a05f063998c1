package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.wire.message.MessageType;
import io.netty.buffer.ByteBuf;

/**
 * The 19-octet message header (RFC 4271 §4.1): 16 octets of marker, all ones; a 2-octet length
 * counting the header itself; one octet of type. Shared by {@link BgpFrameDecoder}, which must
 * judge a header before the body arrives, and {@link MessageDecoder}, so both report the same
 * error for the same bytes.
 */
final class MessageHeader {
    static final int MARKER_LENGTH = 16;
    static final int LENGTH_OFFSET = 16;
    static final int TYPE_OFFSET = 18;

    static final int MIN_OPEN_LENGTH = 29;
    static final int MIN_UPDATE_LENGTH = 23;
    static final int MIN_NOTIFICATION_LENGTH = 21;
    static final int ROUTE_REFRESH_LENGTH = 23;

    private MessageHeader() {}

    /**
     * Checks the header starting at {@code at} (19 octets must be readable there) and returns the
     * message length it announces.
     *
     * <p>Order of checks, as RFC 4271 §6.1 lists them: marker (1/1), length within 19..limit
     * (1/2), type known (1/3), then the type's own length bounds (1/2). ROUTE-REFRESH gets only
     * the generic bounds here; its exact length is checked on the whole message, because RFC 7313
     * §5 puts that whole message into the NOTIFICATION's data.
     */
    static int check(ByteBuf buf, int at, CodecContext context) throws BgpWireException {
        if (buf.getLong(at) != -1L || buf.getLong(at + 8) != -1L) {
            throw BgpWireException.reset(NotificationCode.CONNECTION_NOT_SYNCHRONIZED, "marker is not all ones");
        }
        int length = buf.getUnsignedShort(at + LENGTH_OFFSET);
        int typeCode = buf.getUnsignedByte(at + TYPE_OFFSET);
        if (length < CodecContext.HEADER_LENGTH || length > context.maxMessageLength()) {
            throw badLength(length, "outside " + CodecContext.HEADER_LENGTH + ".." + context.maxMessageLength());
        }
        MessageType type = MessageType.fromCode(typeCode);
        if (type == null) {
            throw new BgpWireException(WireError.reset(
                    NotificationCode.BAD_MESSAGE_TYPE, Bytes.of((byte) typeCode), "unknown message type " + typeCode));
        }
        if (length < minLength(type) || length > maxLength(type, context)) {
            throw badLength(length, "outside " + minLength(type) + ".." + maxLength(type, context) + " for " + type);
        }
        return length;
    }

    static int minLength(MessageType type) {
        return switch (type) {
            case OPEN -> MIN_OPEN_LENGTH;
            case UPDATE -> MIN_UPDATE_LENGTH;
            case NOTIFICATION -> MIN_NOTIFICATION_LENGTH;
            case KEEPALIVE, ROUTE_REFRESH -> CodecContext.HEADER_LENGTH;
        };
    }

    /** RFC 8654 §4 leaves OPEN and KEEPALIVE at 4096 even when extended messages are on. */
    static int maxLength(MessageType type, CodecContext context) {
        return switch (type) {
            case OPEN -> CodecContext.MAX_MESSAGE_LENGTH;
            case KEEPALIVE -> CodecContext.HEADER_LENGTH;
            case UPDATE, NOTIFICATION, ROUTE_REFRESH -> context.maxMessageLength();
        };
    }

    static BgpWireException badLength(int length, String why) {
        Bytes data = Bytes.of((byte) (length >>> 8), (byte) length);
        return new BgpWireException(WireError.reset(NotificationCode.BAD_MESSAGE_LENGTH, data, "length " + length + " " + why));
    }

    /** Writes a header with a zero length; {@link #patchLength} fills it in once the body is written. */
    static void writeHeader(ByteBuf out, MessageType type) {
        out.writeLong(-1L).writeLong(-1L).writeShort(0).writeByte(type.code());
    }

    static void patchLength(ByteBuf out, int start) {
        out.setShort(start + LENGTH_OFFSET, out.writerIndex() - start);
    }
}
