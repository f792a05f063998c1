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
        boolean v4 = afi == Afi.IPV4;
        int maxLength = afi.maxPrefixLength();
        // The usual entry is a /24 (4 octets) or a /64 (9): size for that, grow for shorter ones.
        int typical = (v4 ? 4 : 9) + (pathIds ? 4 : 0);
        NlriList.Builder builder = NlriList.builder(afi, pathIds, (to - from) / typical + 1);
        int i = from;
        while (i < to) {
            long pathId = 0;
            if (pathIds) {
                if (to - i < 5) {
                    throw overrun(afi, to - i, "a path identifier and a length");
                }
                pathId = Integer.toUnsignedLong(readInt(octets, i));
                i += 4;
            }
            int length = octets[i++] & 0xFF;
            if (length > maxLength) {
                throw MalformedException.of(NotificationCode.INVALID_NETWORK_FIELD,
                        afi + " prefix length " + length + " exceeds " + maxLength);
            }
            int count = (length + 7) >>> 3;
            if (to - i < count) {
                throw overrun(afi, to - i, count + " prefix octets for a /" + length);
            }
            if (v4) {
                // Unrolled: under C1 a loop over the octets costs more than the switch.
                int bits = switch (count) {
                    case 0 -> 0;
                    case 1 -> (octets[i] & 0xFF) << 24;
                    case 2 -> (octets[i] & 0xFF) << 24 | (octets[i + 1] & 0xFF) << 16;
                    case 3 -> (octets[i] & 0xFF) << 24 | (octets[i + 1] & 0xFF) << 16 | (octets[i + 2] & 0xFF) << 8;
                    default -> (octets[i] & 0xFF) << 24 | (octets[i + 1] & 0xFF) << 16 | (octets[i + 2] & 0xFF) << 8
                            | (octets[i + 3] & 0xFF);
                };
                builder.addV4(pathId, bits & v4Mask(length), length);
            } else {
                addV6(builder, pathId, length, octets, i);
            }
            i += count;
        }
        return builder.build();
    }

    /** Adds the IPv6 entry whose address octets start at {@code at}, host bits masked. */
    private static void addV6(NlriList.Builder builder, long pathId, int length, byte[] octets, int at) {
        long high = 0;
        long low = 0;
        for (int k = 0, count = (length + 7) >>> 3; k < count; k++) {
            long octet = octets[at + k] & 0xFF;
            if (k < 8) {
                high |= octet << (56 - 8 * k);
            } else {
                low |= octet << (120 - 8 * k);
            }
        }
        builder.addV6(pathId, high & mask64(length), low & mask64(length - 64), length);
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
        boolean v4 = list.afi() == Afi.IPV4;
        int at = 0;
        for (int i = 0; i < list.size(); i++) {
            if (pathIds) {
                writeInt(field, at, (int) list.pathId(i));
                at += 4;
            }
            int prefixLength = list.prefixLength(i);
            field[at++] = (byte) prefixLength;
            int count = (prefixLength + 7) >>> 3;
            if (v4) {
                // Unrolled, as in decode.
                int bits = list.v4Bits(i);
                if (count > 0) {
                    field[at] = (byte) (bits >>> 24);
                }
                if (count > 1) {
                    field[at + 1] = (byte) (bits >>> 16);
                }
                if (count > 2) {
                    field[at + 2] = (byte) (bits >>> 8);
                }
                if (count > 3) {
                    field[at + 3] = (byte) bits;
                }
            } else {
                putV6(field, at, count, list.high(i), list.low(i));
            }
            at += count;
        }
        out.writeBytes(field);
    }

    /** Writes the first {@code count} octets of the IPv6 address {@code high}, {@code low} at {@code at}. */
    static void putV6(byte[] field, int at, int count, long high, long low) {
        for (int k = 0; k < count; k++) {
            field[at + k] = (byte) (k < 8 ? high >>> (56 - 8 * k) : low >>> (120 - 8 * k));
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

    private static MalformedException overrun(Afi afi, int left, String needed) {
        return MalformedException.of(NotificationCode.INVALID_NETWORK_FIELD,
                afi + " NLRI overruns its field: " + left + " octets left, need " + needed);
    }
}
