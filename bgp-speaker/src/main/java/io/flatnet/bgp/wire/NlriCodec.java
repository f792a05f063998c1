package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.NlriList;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * The NLRI encoding shared by the UPDATE's Withdrawn Routes and NLRI fields and by MP_REACH_NLRI
 * and MP_UNREACH_NLRI (RFC 4271 §4.3, RFC 4760 §5): a length in bits, then just enough octets to
 * hold it; with add-path (RFC 7911 §3) a 4-octet path identifier first.
 *
 * <p>This is the hot path of a full-table load. A field is moved between buffer and a byte array
 * in one bulk copy (one array per field, nothing per prefix), and entries are parsed from or
 * written to the array, straight into or out of {@link NlriList}'s primitive arrays: no
 * {@code IpPrefix}, no slice, no per-octet buffer call.
 * Bits past the prefix length are masked off: RFC 4271 §4.3 calls them irrelevant, and a peer
 * that sets them must not create a second route for the same prefix.
 */
final class NlriCodec {
    private NlriCodec() {}

    /**
     * Decodes the NLRI in {@code buf} between absolute indexes {@code from} and {@code to}: in
     * place when the buffer is backed by an array, else from a copy of the field.
     *
     * @throws MalformedException (Invalid Network Field) when a prefix is longer than the family
     *         allows or an entry overruns the field (RFC 7606 §5.3)
     */
    static NlriList decode(ByteBuf buf, int from, int to, Afi afi, boolean pathIds) throws MalformedException {
        Objects.checkFromToIndex(from, to, buf.capacity());
        if (buf.hasArray()) {
            int offset = buf.arrayOffset();
            return decode(buf.array(), offset + from, offset + to, afi, pathIds);
        }
        byte[] field = new byte[to - from];
        buf.getBytes(from, field);
        return decode(field, 0, field.length, afi, pathIds);
    }

    /**
     * Decodes the NLRI in {@code octets} from index {@code from} to {@code to}. Parsing a plain
     * array matters under C1 (the bench DUT runs {@code -XX:TieredStopAtLevel=1}): each
     * {@code ByteBuf} read costs a bounds check, a liveness check and calls C1 does not inline.
     *
     * @throws MalformedException as {@link #decode(ByteBuf, int, int, Afi, boolean)}
     */
    static NlriList decode(byte[] octets, int from, int to, Afi afi, boolean pathIds) throws MalformedException {
        if (from == to) {
            return NlriList.empty(afi);
        }
        return afi == Afi.IPV4 ? decodeV4(octets, from, to, pathIds) : decodeV6(octets, from, to, pathIds);
    }

    private static NlriList decodeV4(byte[] field, int from, int end, boolean pathIds) throws MalformedException {
        // The usual entry is a /24 (4 octets): size for that, grow for shorter ones.
        NlriList.Builder builder = NlriList.builder(Afi.IPV4, pathIds, (end - from) / (pathIds ? 8 : 4) + 1);
        int i = from;
        while (i < end) {
            long pathId = 0;
            if (pathIds) {
                if (end - i < 5) {
                    throw overrun(Afi.IPV4, end - i, "a path identifier and a length");
                }
                pathId = Integer.toUnsignedLong(readInt(field, i));
                i += 4;
            }
            int length = field[i++] & 0xFF;
            if (length > 32) {
                throw tooLong(Afi.IPV4, length);
            }
            int octets = (length + 7) >>> 3;
            if (end - i < octets) {
                throw overrun(Afi.IPV4, end - i, octets + " prefix octets for a /" + length);
            }
            // Unrolled: under C1 a loop over the octets costs more than the switch.
            int bits = switch (octets) {
                case 0 -> 0;
                case 1 -> (field[i] & 0xFF) << 24;
                case 2 -> (field[i] & 0xFF) << 24 | (field[i + 1] & 0xFF) << 16;
                case 3 -> (field[i] & 0xFF) << 24 | (field[i + 1] & 0xFF) << 16 | (field[i + 2] & 0xFF) << 8;
                default -> (field[i] & 0xFF) << 24 | (field[i + 1] & 0xFF) << 16 | (field[i + 2] & 0xFF) << 8
                        | (field[i + 3] & 0xFF);
            };
            builder.addV4(pathId, bits & v4Mask(length), length);
            i += octets;
        }
        return builder.build();
    }

    private static NlriList decodeV6(byte[] field, int from, int end, boolean pathIds) throws MalformedException {
        // The usual entry is a /64 (9 octets): size for that, grow for shorter ones.
        NlriList.Builder builder = NlriList.builder(Afi.IPV6, pathIds, (end - from) / (pathIds ? 13 : 9) + 1);
        int i = from;
        while (i < end) {
            long pathId = 0;
            if (pathIds) {
                if (end - i < 5) {
                    throw overrun(Afi.IPV6, end - i, "a path identifier and a length");
                }
                pathId = Integer.toUnsignedLong(readInt(field, i));
                i += 4;
            }
            int length = field[i++] & 0xFF;
            if (length > 128) {
                throw tooLong(Afi.IPV6, length);
            }
            int octets = (length + 7) >>> 3;
            if (end - i < octets) {
                throw overrun(Afi.IPV6, end - i, octets + " prefix octets for a /" + length);
            }
            long high = 0;
            long low = 0;
            for (int k = 0; k < octets; k++) {
                long octet = field[i + k] & 0xFF;
                if (k < 8) {
                    high |= octet << (56 - 8 * k);
                } else {
                    low |= octet << (120 - 8 * k);
                }
            }
            builder.addV6(pathId, high & mask64(length), low & mask64(length - 64), length);
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
        return list.size() * (pathIds ? 5 : 1) + list.addressOctets();
    }

    /**
     * Writes {@code list}; with {@code pathIds}, each entry's path id (0 when the list has none),
     * without it, no path ids even if the list has some: the session decides, not the value.
     */
    static void encode(NlriList list, boolean pathIds, ByteBuf out) {
        int length = length(list, pathIds);
        if (length == 0) {
            return;
        }
        // Filled as an array and written in one call: a writeByte per octet costs a capacity check
        // and several calls each, which C1 does not inline.
        byte[] field = new byte[length];
        if (list.afi() == Afi.IPV4) {
            fillV4(list, pathIds, field);
        } else {
            fillV6(list, pathIds, field);
        }
        out.writeBytes(field);
    }

    private static void fillV4(NlriList list, boolean pathIds, byte[] field) {
        int at = 0;
        for (int i = 0; i < list.size(); i++) {
            if (pathIds) {
                writeInt(field, at, (int) list.pathId(i));
                at += 4;
            }
            int length = list.prefixLength(i);
            field[at++] = (byte) length;
            int bits = list.v4Bits(i);
            int octets = (length + 7) >>> 3;
            // Unrolled, as in decodeV4.
            if (octets > 0) {
                field[at] = (byte) (bits >>> 24);
            }
            if (octets > 1) {
                field[at + 1] = (byte) (bits >>> 16);
            }
            if (octets > 2) {
                field[at + 2] = (byte) (bits >>> 8);
            }
            if (octets > 3) {
                field[at + 3] = (byte) bits;
            }
            at += octets;
        }
    }

    private static void fillV6(NlriList list, boolean pathIds, byte[] field) {
        int at = 0;
        for (int i = 0; i < list.size(); i++) {
            if (pathIds) {
                writeInt(field, at, (int) list.pathId(i));
                at += 4;
            }
            int length = list.prefixLength(i);
            field[at++] = (byte) length;
            long high = list.high(i);
            long low = list.low(i);
            for (int k = 0, octets = (length + 7) >>> 3; k < octets; k++) {
                field[at++] = (byte) (k < 8 ? high >>> (56 - 8 * k) : low >>> (120 - 8 * k));
            }
        }
    }

    private static int readInt(byte[] field, int at) {
        return (field[at] & 0xFF) << 24 | (field[at + 1] & 0xFF) << 16 | (field[at + 2] & 0xFF) << 8 | (field[at + 3] & 0xFF);
    }

    private static void writeInt(byte[] field, int at, int value) {
        field[at] = (byte) (value >>> 24);
        field[at + 1] = (byte) (value >>> 16);
        field[at + 2] = (byte) (value >>> 8);
        field[at + 3] = (byte) value;
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

    private static MalformedException tooLong(Afi afi, int length) {
        return MalformedException.of(NotificationCode.INVALID_NETWORK_FIELD,
                afi + " prefix length " + length + " exceeds " + afi.maxPrefixLength());
    }

    private static MalformedException overrun(Afi afi, int left, String needed) {
        return MalformedException.of(NotificationCode.INVALID_NETWORK_FIELD,
                afi + " NLRI overruns its field: " + left + " octets left, need " + needed);
    }
}
