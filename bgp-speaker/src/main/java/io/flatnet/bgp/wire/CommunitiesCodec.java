package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.wire.attribute.AttributeType;
import io.flatnet.bgp.wire.attribute.Communities;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** COMMUNITIES (RFC 1997): four octets each. Malformed: treat-as-withdraw (RFC 7606 §7.8). */
final class CommunitiesCodec implements AttributeCodec<Communities> {

    @Override
    public AttributeType type() {
        return AttributeType.COMMUNITIES;
    }

    @Override
    public ErrorAction malformedAction() {
        return ErrorAction.TREAT_AS_WITHDRAW;
    }

    @Override
    public Communities decode(ByteBuf value, CodecContext context) throws MalformedException {
        int count = AttributeLengths.nonZeroMultiple(value, 4, "COMMUNITIES");
        Community[] values = new Community[count];
        for (int i = 0; i < count; i++) {
            values[i] = new Community(value.readInt());
        }
        return new Communities(Arrays.asList(values));
    }

    @Override
    public int valueLength(Communities attribute, CodecContext context) {
        return 4 * attribute.values().size();
    }

    @Override
    public void encode(Communities attribute, CodecContext context, ByteBuf out) {
        for (Community c : attribute.values()) {
            out.writeInt(c.bits());
        }
    }
}
