package io.flatnet.bgp.wire;

import io.flatnet.bgp.wire.attribute.AttributeType;
import io.netty.buffer.ByteBuf;

/** AS4_AGGREGATOR (RFC 6793 §3): 4-octet AS and IPv4 address. Malformed: attribute discard (RFC 6793 §6). */
final class As4AggregatorCodec implements AttributeCodec<As4Aggregator> {

    @Override
    public AttributeType type() {
        return AttributeType.AS4_AGGREGATOR;
    }

    @Override
    public ErrorAction malformedAction() {
        return ErrorAction.ATTRIBUTE_DISCARD;
    }

    @Override
    public As4Aggregator decode(ByteBuf value, CodecContext context) throws MalformedException {
        AttributeLengths.exactly(value, 8, "AS4_AGGREGATOR");
        return new As4Aggregator(AggregatorCodec.read(value, true, "AS4_AGGREGATOR"));
    }

    @Override
    public int valueLength(As4Aggregator attribute, CodecContext context) {
        return 8;
    }

    @Override
    public void encode(As4Aggregator attribute, CodecContext context, ByteBuf out) {
        out.writeInt(attribute.aggregator().asn().toInt());
        out.writeInt(attribute.aggregator().address().v4Bits());
    }
}
