package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.LargeCommunity;
import io.flatnet.bgp.wire.attribute.AttributeType;
import io.flatnet.bgp.wire.attribute.LargeCommunities;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * LARGE_COMMUNITY (RFC 8092): twelve octets each. Malformed (length not a non-zero multiple of
 * 12): treat-as-withdraw (RFC 8092 §6). Duplicate values are not an error there, so none is made.
 */
final class LargeCommunitiesCodec implements AttributeCodec<LargeCommunities> {

    @Override
    public AttributeType type() {
        return AttributeType.LARGE_COMMUNITIES;
    }

    @Override
    public ErrorAction malformedAction() {
        return ErrorAction.TREAT_AS_WITHDRAW;
    }

    @Override
    public LargeCommunities decode(ByteBuf value, CodecContext context) throws MalformedException {
        int count = AttributeLengths.nonZeroMultiple(value, 12, "LARGE_COMMUNITIES");
        LargeCommunity[] values = new LargeCommunity[count];
        for (int i = 0; i < count; i++) {
            values[i] = new LargeCommunity(value.readUnsignedInt(), value.readUnsignedInt(), value.readUnsignedInt());
        }
        return new LargeCommunities(Arrays.asList(values));
    }

    @Override
    public int valueLength(LargeCommunities attribute, CodecContext context) {
        return 12 * attribute.values().size();
    }

    @Override
    public void encode(LargeCommunities attribute, CodecContext context, ByteBuf out) {
        for (LargeCommunity c : attribute.values()) {
            out.writeInt((int) c.globalAdministrator());
            out.writeInt((int) c.localData1());
            out.writeInt((int) c.localData2());
        }
    }
}
