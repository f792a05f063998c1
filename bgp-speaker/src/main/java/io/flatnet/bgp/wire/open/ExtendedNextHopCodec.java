package io.flatnet.bgp.wire.open;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.wire.BgpWireException;
import io.flatnet.bgp.wire.capability.Capability;
import io.flatnet.bgp.wire.capability.ExtendedNextHopCapability;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Extended next hop encoding (RFC 8950 §3): NLRI AFI (2), NLRI SAFI (2 here, unlike elsewhere),
 * next hop AFI (2) per entry. SAFIs are one octet everywhere else in BGP, so an entry with a
 * SAFI above 255 names no family flatnet could use: the capability is then kept raw, as not
 * understood (RFC 5492 §3), rather than resetting the session.
 */
final class ExtendedNextHopCodec implements CapabilityCodec<ExtendedNextHopCapability> {
    private static final int ENTRY = 6;

    @Override
    public int code() {
        return Capability.EXTENDED_NEXT_HOP;
    }

    @Override
    public Class<ExtendedNextHopCapability> type() {
        return ExtendedNextHopCapability.class;
    }

    @Override
    public Capability decode(ByteBuf value) throws BgpWireException {
        CapabilityCodecs.requireLength(value.readableBytes() % ENTRY == 0, code(), value, "a multiple of 6");
        List<ExtendedNextHopCapability.Entry> entries = new ArrayList<>(value.readableBytes() / ENTRY);
        for (int at = value.readerIndex(); at < value.writerIndex(); at += ENTRY) {
            int safi = value.getUnsignedShort(at + 2);
            if (safi > 0xFF) {
                return CapabilityCodecs.unknown(code(), value);
            }
            AddressFamily family = new AddressFamily(value.getUnsignedShort(at), safi);
            entries.add(new ExtendedNextHopCapability.Entry(family, value.getUnsignedShort(at + 4)));
        }
        value.skipBytes(value.readableBytes());
        return new ExtendedNextHopCapability(entries);
    }

    @Override
    public void encode(ExtendedNextHopCapability capability, ByteBuf out) {
        for (ExtendedNextHopCapability.Entry e : capability.entries()) {
            out.writeShort(e.family().afi()).writeShort(e.family().safi()).writeShort(e.nextHopAfi());
        }
    }
}
