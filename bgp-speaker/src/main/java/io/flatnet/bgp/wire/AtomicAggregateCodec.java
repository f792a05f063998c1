package io.flatnet.bgp.wire;

import io.flatnet.bgp.wire.attribute.AtomicAggregate;
import io.flatnet.bgp.wire.attribute.AttributeType;
import io.netty.buffer.ByteBuf;

/** ATOMIC_AGGREGATE (RFC 4271 §5.1.6): no value. Malformed: attribute discard (RFC 7606 §7.6). */
final class AtomicAggregateCodec implements AttributeCodec<AtomicAggregate> {

    @Override
    public AttributeType type() {
        return AttributeType.ATOMIC_AGGREGATE;
    }

    @Override
    public ErrorAction malformedAction() {
        return ErrorAction.ATTRIBUTE_DISCARD;
    }

    @Override
    public AtomicAggregate decode(ByteBuf value, CodecContext context) throws MalformedException {
        AttributeLengths.exactly(value, 0, "ATOMIC_AGGREGATE");
        return AtomicAggregate.INSTANCE;
    }

    @Override
    public int valueLength(AtomicAggregate attribute, CodecContext context) {
        return 0;
    }

    @Override
    public void encode(AtomicAggregate attribute, CodecContext context, ByteBuf out) {
        // No value: the attribute's presence is the information.
    }
}
