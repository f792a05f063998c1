package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.wire.attribute.AsPathSegment;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The segment list shared by AS_PATH and AS4_PATH: type (1 octet), count (1 octet), then count AS
 * numbers of 2 or 4 octets. The malformations are those of RFC 7606 §7.2 and RFC 6793 §6: an
 * unknown segment type, a zero count, a count overrunning the attribute, a lone trailing octet;
 * and AS 0 anywhere (RFC 7607 §2).
 */
final class AsPathSegments {
    private AsPathSegments() {}

    static List<AsPathSegment> read(ByteBuf value, int asnOctets, String attribute, NotificationCode code)
            throws MalformedException {
        List<AsPathSegment> segments = new ArrayList<>(2);
        while (value.isReadable()) {
            if (value.readableBytes() < 2) {
                throw MalformedException.of(code, attribute + " ends with a single octet, too short for a segment header");
            }
            int typeCode = value.readUnsignedByte();
            int count = value.readUnsignedByte();
            AsPathSegment.Type type = AsPathSegment.Type.fromCode(typeCode);
            if (type == null) {
                throw MalformedException.of(code, attribute + " segment type " + typeCode + " is unknown");
            }
            if (count == 0) {
                throw MalformedException.of(code, attribute + " has a segment of length zero");
            }
            if (value.readableBytes() < count * asnOctets) {
                throw MalformedException.of(code, attribute + " segment of " + count + " AS numbers overruns the attribute by "
                        + (count * asnOctets - value.readableBytes()) + " octets");
            }
            Asn[] asns = new Asn[count];
            for (int i = 0; i < count; i++) {
                long asn = asnOctets == 4 ? value.readUnsignedInt() : value.readUnsignedShort();
                if (asn == 0) {
                    throw MalformedException.of(code, attribute + " contains AS 0 (RFC 7607)");
                }
                asns[i] = Asn.of(asn);
            }
            segments.add(new AsPathSegment(type, List.of(asns)));
        }
        return segments;
    }

    static int length(List<AsPathSegment> segments, int asnOctets) {
        int length = 0;
        for (AsPathSegment s : segments) {
            length += 2 + asnOctets * s.asns().size();
        }
        return length;
    }

    /** Writes the segments; with 2-octet AS numbers, a 4-octet ASN becomes AS_TRANS (RFC 6793 §4.2.2). */
    static void write(List<AsPathSegment> segments, int asnOctets, ByteBuf out) {
        for (AsPathSegment s : segments) {
            out.writeByte(s.type().code());
            out.writeByte(s.asns().size());
            for (Asn asn : s.asns()) {
                if (asnOctets == 4) {
                    out.writeInt(asn.toInt());
                } else {
                    out.writeShort(asn.twoOctetValue());
                }
            }
        }
    }
}
