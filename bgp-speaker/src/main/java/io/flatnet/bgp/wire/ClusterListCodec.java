package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.wire.attribute.AttributeType;
import io.flatnet.bgp.wire.attribute.ClusterList;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * CLUSTER_LIST (RFC 4456 §8): cluster ids of four octets. Malformed (length not a non-zero
 * multiple of 4) from an internal peer: treat-as-withdraw; from an external peer it is discarded
 * (RFC 7606 §7.10), decided by the reader.
 */
final class ClusterListCodec implements AttributeCodec<ClusterList> {

    @Override
    public AttributeType type() {
        return AttributeType.CLUSTER_LIST;
    }

    @Override
    public ErrorAction malformedAction() {
        return ErrorAction.TREAT_AS_WITHDRAW;
    }

    @Override
    public ClusterList decode(ByteBuf value, CodecContext context) throws MalformedException {
        int count = AttributeLengths.nonZeroMultiple(value, 4, "CLUSTER_LIST");
        RouterId[] ids = new RouterId[count];
        for (int i = 0; i < count; i++) {
            ids[i] = RouterId.of(value.readInt());
        }
        return new ClusterList(Arrays.asList(ids));
    }

    @Override
    public int valueLength(ClusterList attribute, CodecContext context) {
        return 4 * attribute.clusterIds().size();
    }

    @Override
    public void encode(ClusterList attribute, CodecContext context, ByteBuf out) {
        for (RouterId id : attribute.clusterIds()) {
            out.writeInt(id.bits());
        }
    }
}
