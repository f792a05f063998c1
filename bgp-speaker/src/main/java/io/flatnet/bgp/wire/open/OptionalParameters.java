package io.flatnet.bgp.wire.open;

import io.flatnet.bgp.wire.BgpWireException;
import io.flatnet.bgp.wire.NotificationCode;
import io.flatnet.bgp.wire.capability.Capability;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The OPEN's optional parameters, from the Optional Parameters Length octet to the end of the
 * message. Two formats:
 * <ul>
 *   <li>RFC 4271: a 1-octet total length, then parameters of type (1) and length (1).
 *   <li>RFC 9072: a non-zero first octet followed by type 255 marks it; then a 2-octet total
 *       length, and parameters of type (1) and length (2). The first octet is ignored then.
 * </ul>
 * Several Capabilities parameters, each with several capabilities, are all accepted (RFC 5492
 * §4); their capabilities are returned in wire order as one list.
 */
final class OptionalParameters {
    static final int CAPABILITIES = 2;
    static final int EXTENDED_LENGTH = 255;
    private static final int MAX_SHORT_LENGTH = 255;

    private OptionalParameters() {}

    static List<Capability> decode(ByteBuf body) throws BgpWireException {
        int shortLength = body.readUnsignedByte();
        boolean extended = shortLength != 0
                && body.isReadable()
                && body.getUnsignedByte(body.readerIndex()) == EXTENDED_LENGTH;
        int total = shortLength;
        if (extended) {
            body.skipBytes(1);
            if (body.readableBytes() < 2) {
                throw OpenErrors.malformed("extended optional parameters length cut short");
            }
            total = body.readUnsignedShort();
        }
        if (total != body.readableBytes()) {
            throw OpenErrors.malformed(
                    "optional parameters length " + total + " but " + body.readableBytes() + " octets follow");
        }
        List<Capability> capabilities = new ArrayList<>();
        int headerLength = extended ? 3 : 2;
        while (body.isReadable()) {
            if (body.readableBytes() < headerLength) {
                throw OpenErrors.malformed("optional parameter header cut short");
            }
            int type = body.readUnsignedByte();
            int length = extended ? body.readUnsignedShort() : body.readUnsignedByte();
            if (length > body.readableBytes()) {
                throw OpenErrors.malformed("optional parameter " + type + " of " + length + " octets overruns the OPEN");
            }
            if (type != CAPABILITIES) {
                throw BgpWireException.reset(NotificationCode.UNSUPPORTED_OPTIONAL_PARAMETER, "optional parameter type " + type);
            }
            CapabilityCodecs.decodeAll(body.readSlice(length), capabilities);
        }
        return capabilities;
    }

    static void encode(List<Capability> capabilities, ByteBuf out) {
        if (capabilities.isEmpty()) {
            out.writeByte(0);
            return;
        }
        ByteBuf value = out.alloc().heapBuffer();
        try {
            for (Capability c : capabilities) {
                CapabilityCodecs.encode(c, value);
            }
            int length = value.readableBytes();
            if (length + 2 <= MAX_SHORT_LENGTH) {
                out.writeByte(length + 2).writeByte(CAPABILITIES).writeByte(length);
            } else if (length + 3 <= 0xFFFF) {
                // RFC 9072 §2: the first octet SHOULD be 255; the type octet 255 is what marks the format.
                out.writeByte(EXTENDED_LENGTH).writeByte(EXTENDED_LENGTH).writeShort(length + 3);
                out.writeByte(CAPABILITIES).writeShort(length);
            } else {
                throw new IllegalArgumentException("capabilities of " + length + " octets do not fit an OPEN");
            }
            out.writeBytes(value);
        } finally {
            value.release();
        }
    }
}
