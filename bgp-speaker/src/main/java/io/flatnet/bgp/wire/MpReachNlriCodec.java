package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.wire.attribute.AttributeType;
import io.flatnet.bgp.wire.attribute.MpReachNlri;
import io.netty.buffer.ByteBuf;

/**
 * MP_REACH_NLRI (RFC 4760 §3): AFI, SAFI, next hop length and next hop, a reserved octet, NLRI.
 * Next hops: 4 octets for IPv4 NLRI; 16, or 32 with a link-local address second (RFC 2545 §3),
 * for IPv6; and for IPv4 NLRI also 16 or 32 when extended next hop is negotiated (RFC 8950 §3).
 * The next hop precedes the NLRI, so a wrong next hop length leaves the NLRI unlocatable (RFC
 * 7606 §7.11); errors are reported per {@link MpFamilies}.
 */
final class MpReachNlriCodec implements AttributeCodec<MpReachNlri> {
    private static final String NAME = "MP_REACH_NLRI";

    @Override
    public AttributeType type() {
        return AttributeType.MP_REACH_NLRI;
    }

    @Override
    public ErrorAction malformedAction() {
        return ErrorAction.AFISAFI_DISABLE;
    }

    @Override
    public MpReachNlri decode(ByteBuf value, CodecContext context) throws MalformedException {
        AddressFamily family = MpFamilies.readFamily(value, context, NAME);
        if (!value.isReadable()) {
            throw MpFamilies.disable(family, NAME, "ends before the next hop length");
        }
        int nextHopLength = value.readUnsignedByte();
        if (!nextHopLengthAllowed(family, nextHopLength, context)) {
            throw MpFamilies.disable(family, NAME, "next hop length " + nextHopLength + " is not valid for the family");
        }
        if (value.readableBytes() < nextHopLength + 1) {
            throw MpFamilies.disable(family, NAME, "next hop of " + nextHopLength
                    + " octets and the reserved octet overrun the attribute");
        }
        IpAddress nextHop;
        IpAddress linkLocal = null;
        if (nextHopLength == 4) {
            nextHop = IpAddress.v4(value.readInt());
        } else {
            nextHop = IpAddress.v6(value.readLong(), value.readLong());
            if (nextHopLength == 32) {
                linkLocal = IpAddress.v6(value.readLong(), value.readLong());
            }
        }
        value.skipBytes(1); // Reserved (once the SNPA count): RFC 4760 §3 says ignore it.
        NlriList nlri;
        try {
            nlri = NlriCodec.decode(value, value.readerIndex(), value.writerIndex(), family.knownAfi(),
                    context.receivesPathIds(family));
        } catch (MalformedException e) {
            throw MpFamilies.disable(family, NAME, e.reason());
        }
        value.readerIndex(value.writerIndex()); // NlriCodec reads by index; the value is now consumed
        return new MpReachNlri(family, nextHop, linkLocal, nlri);
    }

    private static boolean nextHopLengthAllowed(AddressFamily family, int length, CodecContext context) {
        if (family.knownAfi() == Afi.IPV6) {
            return length == 16 || length == 32;
        }
        return length == 4 || ((length == 16 || length == 32) && context.extendedNextHop().contains(family));
    }

    @Override
    public int valueLength(MpReachNlri attribute, CodecContext context) {
        return 5 + nextHopLength(attribute) + NlriCodec.length(attribute.nlri(), context.sendsPathIds(attribute.family()));
    }

    static int nextHopLength(MpReachNlri attribute) {
        if (attribute.nextHop().isV4()) {
            return 4;
        }
        return attribute.linkLocalNextHop() != null ? 32 : 16;
    }

    @Override
    public void encode(MpReachNlri attribute, CodecContext context, ByteBuf out) {
        out.writeShort(attribute.family().afi());
        out.writeByte(attribute.family().safi());
        out.writeByte(nextHopLength(attribute));
        writeAddress(attribute.nextHop(), out);
        if (!attribute.nextHop().isV4() && attribute.linkLocalNextHop() != null) {
            writeAddress(attribute.linkLocalNextHop(), out);
        }
        out.writeByte(0);
        NlriCodec.encode(attribute.nlri(), context.sendsPathIds(attribute.family()), out);
    }

    private static void writeAddress(IpAddress address, ByteBuf out) {
        if (address.isV4()) {
            out.writeInt(address.v4Bits());
        } else {
            out.writeLong(address.high());
            out.writeLong(address.low());
        }
    }
}
