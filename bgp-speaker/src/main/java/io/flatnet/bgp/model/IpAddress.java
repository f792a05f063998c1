package io.flatnet.bgp.model;

import java.util.Objects;

/**
 * An IPv4 or IPv6 address held in two longs: for IPv6 the high and low 64 bits, for IPv4 the
 * address in the low 32 bits of {@code low} and zero in {@code high}. Avoids {@code InetAddress}
 * (which may resolve names and allocates an array per address).
 */
public record IpAddress(Afi afi, long high, long low) implements Comparable<IpAddress> {

    public IpAddress {
        Objects.requireNonNull(afi, "afi");
        if (afi == Afi.IPV4 && (high != 0 || (low >>> 32) != 0)) {
            throw new IllegalArgumentException("IPv4 address must fit the low 32 bits");
        }
    }

    public static IpAddress v4(int bits) {
        return new IpAddress(Afi.IPV4, 0, Integer.toUnsignedLong(bits));
    }

    public static IpAddress v6(long high, long low) {
        return new IpAddress(Afi.IPV6, high, low);
    }

    /** Reads 4 or 16 bytes in network order. */
    public static IpAddress fromBytes(byte[] bytes) {
        if (bytes.length == 4) {
            return v4(AddressBits.readInt(bytes, 0));
        }
        if (bytes.length == 16) {
            return v6(AddressBits.readLong(bytes, 0), AddressBits.readLong(bytes, 8));
        }
        throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + bytes.length);
    }

    /** Parses a literal IPv4 dotted quad or IPv6 address (RFC 4291 text forms); never resolves names. */
    public static IpAddress parse(String text) {
        return AddressText.parse(text);
    }

    public int v4Bits() {
        if (afi != Afi.IPV4) {
            throw new IllegalStateException("not an IPv4 address: " + this);
        }
        return (int) low;
    }

    public boolean isV4() {
        return afi == Afi.IPV4;
    }

    /** IPv6 link-local (fe80::/10). */
    public boolean isLinkLocal() {
        return afi == Afi.IPV6 && (high >>> 54) == (0xfe80L >>> 6);
    }

    public boolean isUnspecified() {
        return high == 0 && low == 0;
    }

    public byte[] toBytes() {
        byte[] out = new byte[afi.addressBytes()];
        if (afi == Afi.IPV4) {
            AddressBits.writeInt(out, 0, (int) low);
        } else {
            AddressBits.writeLong(out, 0, high);
            AddressBits.writeLong(out, 8, low);
        }
        return out;
    }

    @Override
    public int compareTo(IpAddress other) {
        int byFamily = afi.compareTo(other.afi);
        if (byFamily != 0) {
            return byFamily;
        }
        int byHigh = Long.compareUnsigned(high, other.high);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
    }

    @Override
    public String toString() {
        return AddressText.format(this);
    }

    /**
     * Written out: a record's generated equals and hashCode go through an invokedynamic bootstrap
     * that C1-compiled code (the bench DUT runs C1 only) calls as a chain of method handles. Peer
     * addresses are map keys and compared on every exported prefix.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && low == a.low && high == a.high && afi == a.afi;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(low * 0x9E3779B97F4A7C15L + high) * 31 + afi.ordinal();
    }
}
