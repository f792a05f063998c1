package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.ExtendedCommunity;
import io.flatnet.bgp.wire.attribute.AttributeType;
import io.flatnet.bgp.wire.attribute.ExtendedCommunities;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** EXTENDED_COMMUNITIES (RFC 4360): eight octets each. Malformed: treat-as-withdraw (RFC 7606 §7.14). */
final class ExtendedCommunitiesCodec implements AttributeCodec<ExtendedCommunities> {

    @Override
    public AttributeType type() {
        return AttributeType.EXTENDED_COMMUNITIES;
    }

    @Override
    public ErrorAction malformedAction() {
        return ErrorAction.TREAT_AS_WITHDRAW;
    }

    @Override
    public ExtendedCommunities decode(ByteBuf value, CodecContext context) throws MalformedException {
        int count = AttributeLengths.nonZeroMultiple(value, 8, "EXTENDED_COMMUNITIES");
        ExtendedCommunity[] values = new ExtendedCommunity[count];
        for (int i = 0; i < count; i++) {
            values[i] = new ExtendedCommunity(value.readLong());
        }
        return new ExtendedCommunities(Arrays.asList(values));
    }

    @Override
    public int valueLength(ExtendedCommunities attribute, CodecContext context) {
        return 8 * attribute.values().size();
    }

    @Override
    public void encode(ExtendedCommunities attribute, CodecContext context, ByteBuf out) {
        for (ExtendedCommunity c : attribute.values()) {
            out.writeLong(c.bits());
        }
    }
}
