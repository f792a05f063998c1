package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.NlriList;
import io.netty.buffer.ByteBuf;

/**
 * The NLRI encoding shared by the UPDATE's Withdrawn Routes and NLRI fields and by MP_REACH_NLRI
 * and MP_UNREACH_NLRI (RFC 4271 §4.3, RFC 4760 §5): a length in bits, then just enough octets to
 * hold it; with add-path (RFC 7911 §3) a 4-octet path identifier first.
 *
 * <p>This is the hot path of a full-table load, so decoding goes straight from buffer octets into
 * {@link NlriList.Builder}'s primitive arrays: no {@code IpPrefix}, no slice, nothing per prefix.
 * Bits past the prefix length are masked off: RFC 4271 §4.3 calls them irrelevant, and a peer
 * that sets them must not create a second route for the same prefix.
 */
final class NlriCodec {
    private NlriCodec() {}

    /**
     * Decodes the NLRI in {@code buf} between absolute indexes {@code from} and {@code to}.
     *
     * @throws MalformedException (Invalid Network Field) when a prefix is longer than the family
     *         allows or an entry overruns the field (RFC 7606 §5.3)
     */
    static NlriList decode(ByteBuf buf, int from, int to, Afi afi, boolean pathIds) throws MalformedException {
        if (from == to) {
            return NlriList.empty(afi);
        }
        int maxLength = afi.maxPrefixLength();
        // The usual entry is a /24 (4 octets) or a /64 (9): size for that, grow for shorter ones.
        int typical = (afi == Afi.IPV4 ? 4 : 9) + (pathIds ? 4 : 0);
        NlriList.Builder builder = NlriList.builder(afi, pathIds, (to - from) / typical + 1);
        int i = from;
        while (i < to) {
            long pathId = 0;
            if (pathIds) {
                if (to - i < 5) {
                    throw overrun(afi, to - i, "a path identifier and a length");
                }
                pathId = buf.getUnsignedInt(i);
                i += 4;
            }
            int length = buf.getUnsignedByte(i++);
            if (length > maxLength) {
                throw MalformedException.of(NotificationCode.INVALID_NETWORK_FIELD,
                        afi + " prefix length " + length + " exceeds " + maxLength);
            }
            int octets = (length + 7) >>> 3;
            if (to - i < octets) {
                throw overrun(afi, to - i, octets + " prefix octets for a /" + length);
            }
            if (afi == Afi.IPV4) {
                int bits = 0;
                for (int k = 0; k < octets; k++) {
                    bits |= buf.getUnsignedByte(i + k) << (24 - 8 * k);
                }
                builder.addV4(pathId, bits & v4Mask(length), length);
            } else {
                long high = 0;
                long low = 0;
                for (int k = 0; k < octets; k++) {
                    long octet = buf.getUnsignedByte(i + k);
                    if (k < 8) {
                        high |= octet << (56 - 8 * k);
                    } else {
                        low |= octet << (120 - 8 * k);
                    }
                }
                builder.addV6(pathId, high & mask64(length), low & mask64(length - 64), length);
            }
            i += octets;
        }
        return builder.build();
    }

    /** Octets one entry takes on the wire. */
    static int entryLength(int prefixLength, boolean pathIds) {
        return (pathIds ? 5 : 1) + ((prefixLength + 7) >>> 3);
    }

    /** Octets {@link #encode} writes for {@code list}. */
    static int length(NlriList list, boolean pathIds) {
        int length = 0;
        for (int i = 0; i < list.size(); i++) {
            length += entryLength(list.prefixLength(i), pathIds);
        }
        return length;
    }

    /**
     * Writes {@code list}; with {@code pathIds}, each entry's path id (0 when the list has none),
     * without it, no path ids even if the list has some: the session decides, not the value.
     */
    static void encode(NlriList list, boolean pathIds, ByteBuf out) {
        boolean v4 = list.afi() == Afi.IPV4;
        for (int i = 0; i < list.size(); i++) {
            if (pathIds) {
                out.writeInt((int) list.pathId(i));
            }
            int length = list.prefixLength(i);
            out.writeByte(length);
            int octets = (length + 7) >>> 3;
            if (v4) {
                int bits = (int) list.low(i);
                for (int k = 0; k < octets; k++) {
                    out.writeByte(bits >>> (24 - 8 * k));
                }
            } else {
                long high = list.high(i);
                long low = list.low(i);
                for (int k = 0; k < octets; k++) {
                    out.writeByte((int) (k < 8 ? high >>> (56 - 8 * k) : low >>> (120 - 8 * k)));
                }
            }
        }
    }

    private static int v4Mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    /** The top {@code bits} bits of a 64-bit word, bits clamped to 0..64. */
    private static long mask64(int bits) {
        if (bits <= 0) {
            return 0;
        }
        return bits >= 64 ? -1L : -1L << (64 - bits);
    }

    private static MalformedException overrun(Afi afi, int left, String needed) {
        return MalformedException.of(NotificationCode.INVALID_NETWORK_FIELD,
                afi + " NLRI overruns its field: " + left + " octets left, need " + needed);
    }
}
