package io.flatnet.bgp.wire;

import io.flatnet.bgp.wire.attribute.AttributeType;
import io.flatnet.bgp.wire.attribute.Origin;
import io.flatnet.bgp.wire.attribute.OriginType;
import io.netty.buffer.ByteBuf;

/** ORIGIN (RFC 4271 §5.1.1): one octet. Malformed: treat-as-withdraw (RFC 7606 §7.1). */
final class OriginCodec implements AttributeCodec<Origin> {

    @Override
    public AttributeType type() {
        return AttributeType.ORIGIN;
    }

    @Override
    public ErrorAction malformedAction() {
        return ErrorAction.TREAT_AS_WITHDRAW;
    }

    @Override
    public Origin decode(ByteBuf value, CodecContext context) throws MalformedException {
        AttributeLengths.exactly(value, 1, "ORIGIN");
        int code = value.readUnsignedByte();
        OriginType type = OriginType.fromCode(code);
        if (type == null) {
            throw MalformedException.of(NotificationCode.INVALID_ORIGIN_ATTRIBUTE,
                    "ORIGIN value " + code + " is none of IGP (0), EGP (1), INCOMPLETE (2)");
        }
        // The shared constants: decoding a full table yields three ORIGIN values, not millions.
        return switch (type) {
            case IGP -> Origin.IGP;
            case EGP -> Origin.EGP;
            case INCOMPLETE -> Origin.INCOMPLETE;
        };
    }

    @Override
    public int valueLength(Origin attribute, CodecContext context) {
        return 1;
    }

    @Override
    public void encode(Origin attribute, CodecContext context, ByteBuf out) {
        out.writeByte(attribute.value().code());
    }
}
