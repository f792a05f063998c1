package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.wire.attribute.AttributeFlags;
import io.flatnet.bgp.wire.attribute.AttributeType;
import io.flatnet.bgp.wire.message.MessageType;
import io.netty.buffer.ByteBuf;

/**
 * Writes withdrawals of one family as complete UPDATE messages, straight from prefix bits: IPv4
 * unicast in the Withdrawn Routes field, IPv6 unicast in MP_UNREACH_NLRI (RFC 4760 §4). Each
 * message is filled to the session's maximum length before the next is started, as
 * {@link UpdatePacker} fills announcements, and each message is octet for octet what
 * {@link MessageEncoder} writes for it.
 *
 * <p>Why not {@link UpdatePacker} and {@link MessageEncoder}, as for announcements: a full-table
 * withdrawal goes out as a million entries, and that path copies each one three times (into a
 * prefix list, into a slice per message, into an octet array per field) and allocates for all
 * three. Here an entry is written once into a reused message-sized array, and each message goes
 * to the buffer in one call. Entries come in the order given. Not thread-safe; one per encoding.
 */
public final class WithdrawalWriter {
    /** UPDATE body octets before the entries of a classic withdrawal: the Withdrawn Routes Length. */
    private static final int CLASSIC_FIXED = 2;
    /** Withdrawn Routes Length (0), Total Path Attribute Length, the attribute header (extended), AFI, SAFI. */
    private static final int MP_FIXED = 2 + 2 + 4 + 3;

    private final AddressFamily family;
    private final boolean classic;
    private final boolean pathIds;
    private final ByteBuf out;
    /** The entries of the message being filled. */
    private final byte[] entries;
    private int used;
    private int messages;

    /**
     * @param family  the family withdrawn: IPv4 unicast (the Withdrawn Routes field) or IPv6 unicast
     * @param context the session's codec context (add-path, extended messages)
     * @param out     where complete messages are appended
     */
    public WithdrawalWriter(AddressFamily family, CodecContext context, ByteBuf out) {
        this.family = family;
        this.classic = family.equals(AddressFamily.IPV4_UNICAST);
        this.pathIds = context.sendsPathIds(family);
        this.out = out;
        int body = context.maxMessageLength() - CodecContext.HEADER_LENGTH;
        // Room for entries: the body less its fixed part and the trailing Total Path Attribute
        // Length of a classic withdrawal. For MP_UNREACH_NLRI, room assumes the two-octet
        // attribute length; a value short enough for one octet is far below the limit anyway.
        this.entries = new byte[classic ? body - CLASSIC_FIXED - 2 : body - MP_FIXED];
    }

    /** Withdraws an IPv4 prefix: {@code address} holds its bits (those past {@code length} zero). */
    public void addV4(long pathId, int address, int length) {
        if (!classic) {
            throw new IllegalArgumentException("an IPv4 prefix cannot be withdrawn as " + family);
        }
        int count = (length + 7) >>> 3;
        int at = reserve((pathIds ? 5 : 1) + count, pathId, length);
        byte[] e = entries;
        // Unrolled, as NlriCodec.encode is (not shared: a helper this size is past what C1
        // inlines, and this runs once per withdrawn prefix): under C1 a loop costs more.
        if (count > 0) {
            e[at] = (byte) (address >>> 24);
        }
        if (count > 1) {
            e[at + 1] = (byte) (address >>> 16);
        }
        if (count > 2) {
            e[at + 2] = (byte) (address >>> 8);
        }
        if (count > 3) {
            e[at + 3] = (byte) address;
        }
    }

    /** Withdraws an IPv6 prefix: {@code high}, {@code low} hold its bits (those past {@code length} zero). */
    public void addV6(long pathId, long high, long low, int length) {
        if (classic) {
            throw new IllegalArgumentException("an IPv6 prefix cannot be withdrawn as " + family);
        }
        int count = (length + 7) >>> 3;
        int at = reserve((pathIds ? 5 : 1) + count, pathId, length);
        NlriCodec.putV6(entries, at, count, high, low);
    }

    /**
     * Writes the message being filled, if it has entries, and returns how many messages this
     * writer wrote in all. The writer may go on being used.
     */
    public int finish() {
        flush();
        return messages;
    }

    /** Makes room for an entry of {@code octets}, writes its path id and length, and returns where its address goes. */
    private int reserve(int octets, long pathId, int length) {
        if (used + octets > entries.length) {
            flush();
        }
        int at = used;
        if (pathIds) {
            entries[at] = (byte) (pathId >>> 24);
            entries[at + 1] = (byte) (pathId >>> 16);
            entries[at + 2] = (byte) (pathId >>> 8);
            entries[at + 3] = (byte) pathId;
            at += 4;
        }
        entries[at] = (byte) length;
        used += octets;
        return at + 1;
    }

    private void flush() {
        if (used == 0) {
            return;
        }
        int start = out.writerIndex();
        out.writeLong(-1L).writeLong(-1L).writeShort(0).writeByte(MessageType.UPDATE.code());
        if (classic) {
            out.writeShort(used);
            out.writeBytes(entries, 0, used);
            out.writeShort(0);
        } else {
            int value = 3 + used;
            boolean extended = value > 255;
            out.writeShort(0);
            out.writeShort(value + (extended ? 4 : 3));
            int flags = AttributeType.MP_UNREACH_NLRI.flags() & ~AttributeFlags.EXTENDED_LENGTH & 0xF0;
            out.writeByte(flags | (extended ? AttributeFlags.EXTENDED_LENGTH : 0));
            out.writeByte(AttributeType.MP_UNREACH_NLRI.code());
            if (extended) {
                out.writeShort(value);
            } else {
                out.writeByte(value);
            }
            out.writeShort(family.afi());
            out.writeByte(family.safi());
            out.writeBytes(entries, 0, used);
        }
        out.setShort(start + MessageHeader.LENGTH_OFFSET, out.writerIndex() - start);
        used = 0;
        messages++;
    }
}
