package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.wire.attribute.AttributeType;
import io.flatnet.bgp.wire.attribute.OriginatorId;
import io.netty.buffer.ByteBuf;

/**
 * ORIGINATOR_ID (RFC 4456 §8): four octets. Malformed from an internal peer: treat-as-withdraw;
 * from an external peer it is discarded (RFC 7606 §7.9), decided by the reader.
 */
final class OriginatorIdCodec implements AttributeCodec<OriginatorId> {

    @Override
    public AttributeType type() {
        return AttributeType.ORIGINATOR_ID;
    }

    @Override
    public ErrorAction malformedAction() {
        return ErrorAction.TREAT_AS_WITHDRAW;
    }

    @Override
    public OriginatorId decode(ByteBuf value, CodecContext context) throws MalformedException {
        AttributeLengths.exactly(value, 4, "ORIGINATOR_ID");
        return new OriginatorId(RouterId.of(value.readInt()));
    }

    @Override
    public int valueLength(OriginatorId attribute, CodecContext context) {
        return 4;
    }

    @Override
    public void encode(OriginatorId attribute, CodecContext context, ByteBuf out) {
        out.writeInt(attribute.id().bits());
    }
}
