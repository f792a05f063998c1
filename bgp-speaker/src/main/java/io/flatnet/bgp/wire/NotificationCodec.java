package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.wire.message.Notification;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * NOTIFICATION body (RFC 4271 §4.5): error code, subcode, and data to the end of the message.
 * The header check has already made sure code and subcode are there (length at least 21), and
 * nothing else in the body can be wrong: unknown codes are kept as numbers.
 */
final class NotificationCodec {
    private NotificationCodec() {}

    static Notification decodeBody(ByteBuf body) {
        int code = body.readUnsignedByte();
        int subcode = body.readUnsignedByte();
        Bytes data = Bytes.of(ByteBufUtil.getBytes(body));
        body.skipBytes(body.readableBytes());
        return new Notification(code, subcode, data);
    }

    static void encodeBody(Notification notification, ByteBuf out) {
        out.writeByte(notification.code()).writeByte(notification.subcode()).writeBytes(notification.data().toArray());
    }
}
