package io.flatnet.bgp.wire.open;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.wire.BgpWireException;
import io.flatnet.bgp.wire.capability.AddPathCapability;
import io.flatnet.bgp.wire.capability.Capability;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Add-path (RFC 7911 §4): AFI (2), SAFI (1), Send/Receive (1) per family. A Send/Receive value
 * other than 1, 2 or 3 makes the whole capability "not understood and ignored" (RFC 7911 §4), so
 * it is returned raw as an unknown capability and add-path is not negotiated from it.
 */
final class AddPathCodec implements CapabilityCodec<AddPathCapability> {
    private static final int ENTRY = 4;

    @Override
    public int code() {
        return Capability.ADD_PATH;
    }

    @Override
    public Class<AddPathCapability> type() {
        return AddPathCapability.class;
    }

    @Override
    public Capability decode(ByteBuf value) throws BgpWireException {
        CapabilityCodecs.requireLength(value.readableBytes() % ENTRY == 0, code(), value, "a multiple of 4");
        List<AddPathCapability.Entry> entries = new ArrayList<>(value.readableBytes() / ENTRY);
        for (int at = value.readerIndex(); at < value.writerIndex(); at += ENTRY) {
            AddPathCapability.Mode mode = AddPathCapability.Mode.fromCode(value.getUnsignedByte(at + 3));
            if (mode == null) {
                return CapabilityCodecs.unknown(code(), value);
            }
            AddressFamily family = new AddressFamily(value.getUnsignedShort(at), value.getUnsignedByte(at + 2));
            entries.add(new AddPathCapability.Entry(family, mode));
        }
        value.skipBytes(value.readableBytes());
        return new AddPathCapability(entries);
    }

    @Override
    public void encode(AddPathCapability capability, ByteBuf out) {
        for (AddPathCapability.Entry e : capability.entries()) {
            out.writeShort(e.family().afi()).writeByte(e.family().safi()).writeByte(e.mode().code());
        }
    }
}
