package io.flatnet.bgp.wire;

import io.flatnet.bgp.wire.attribute.AttributeType;
import io.flatnet.bgp.wire.attribute.MultiExitDisc;
import io.netty.buffer.ByteBuf;

/** MULTI_EXIT_DISC (RFC 4271 §5.1.4): four octets. Malformed: treat-as-withdraw (RFC 7606 §7.4). */
final class MultiExitDiscCodec implements AttributeCodec<MultiExitDisc> {

    @Override
    public AttributeType type() {
        return AttributeType.MULTI_EXIT_DISC;
    }

    @Override
    public ErrorAction malformedAction() {
        return ErrorAction.TREAT_AS_WITHDRAW;
    }

    @Override
    public MultiExitDisc decode(ByteBuf value, CodecContext context) throws MalformedException {
        AttributeLengths.exactly(value, 4, "MULTI_EXIT_DISC");
        return new MultiExitDisc(value.readUnsignedInt());
    }

    @Override
    public int valueLength(MultiExitDisc attribute, CodecContext context) {
        return 4;
    }

    @Override
    public void encode(MultiExitDisc attribute, CodecContext context, ByteBuf out) {
        out.writeInt((int) attribute.value());
    }
}
