package io.flatnet.bgp.wire;

import io.flatnet.bgp.wire.attribute.AttributeType;
import io.flatnet.bgp.wire.attribute.LocalPref;
import io.netty.buffer.ByteBuf;

/**
 * LOCAL_PREF (RFC 4271 §5.1.5): four octets. Malformed from an internal peer: treat-as-withdraw;
 * from an external peer it is discarded whatever it holds (RFC 7606 §7.5), which the reader
 * decides before calling this codec.
 */
final class LocalPrefCodec implements AttributeCodec<LocalPref> {

    @Override
    public AttributeType type() {
        return AttributeType.LOCAL_PREF;
    }

    @Override
    public ErrorAction malformedAction() {
        return ErrorAction.TREAT_AS_WITHDRAW;
    }

    @Override
    public LocalPref decode(ByteBuf value, CodecContext context) throws MalformedException {
        AttributeLengths.exactly(value, 4, "LOCAL_PREF");
        return new LocalPref(value.readUnsignedInt());
    }

    @Override
    public int valueLength(LocalPref attribute, CodecContext context) {
        return 4;
    }

    @Override
    public void encode(LocalPref attribute, CodecContext context, ByteBuf out) {
        out.writeInt((int) attribute.value());
    }
}
