package io.flatnet.bgp.wire.open;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.wire.BgpWireException;
import io.flatnet.bgp.wire.capability.Capability;
import io.flatnet.bgp.wire.capability.MultiprotocolCapability;
import io.netty.buffer.ByteBuf;

/** Multiprotocol (RFC 4760 §8): AFI (2), reserved (1, ignored on receipt), SAFI (1). */
final class MultiprotocolCodec implements CapabilityCodec<MultiprotocolCapability> {
    private static final int LENGTH = 4;

    @Override
    public int code() {
        return Capability.MULTIPROTOCOL;
    }

    @Override
    public Class<MultiprotocolCapability> type() {
        return MultiprotocolCapability.class;
    }

    @Override
    public Capability decode(ByteBuf value) throws BgpWireException {
        CapabilityCodecs.requireLength(value.readableBytes() == LENGTH, code(), value, "4");
        int afi = value.readUnsignedShort();
        value.skipBytes(1);
        int safi = value.readUnsignedByte();
        return new MultiprotocolCapability(new AddressFamily(afi, safi));
    }

    @Override
    public void encode(MultiprotocolCapability capability, ByteBuf out) {
        out.writeShort(capability.family().afi()).writeByte(0).writeByte(capability.family().safi());
    }
}
