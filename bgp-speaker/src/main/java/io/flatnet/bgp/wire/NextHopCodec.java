package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.wire.attribute.AttributeType;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.netty.buffer.ByteBuf;

/**
 * NEXT_HOP (RFC 4271 §5.1.3): an IPv4 address. A wrong length is treat-as-withdraw (RFC 7606
 * §7.3); whether the address is usable is checked by the reader, which knows if IPv4 NLRI follow.
 */
final class NextHopCodec implements AttributeCodec<NextHop> {

    @Override
    public AttributeType type() {
        return AttributeType.NEXT_HOP;
    }

    @Override
    public ErrorAction malformedAction() {
        return ErrorAction.TREAT_AS_WITHDRAW;
    }

    @Override
    public NextHop decode(ByteBuf value, CodecContext context) throws MalformedException {
        AttributeLengths.exactly(value, 4, "NEXT_HOP");
        return new NextHop(IpAddress.v4(value.readInt()));
    }

    @Override
    public int valueLength(NextHop attribute, CodecContext context) {
        return 4;
    }

    @Override
    public void encode(NextHop attribute, CodecContext context, ByteBuf out) {
        out.writeInt(attribute.address().v4Bits());
    }
}
