package io.flatnet.bgp.model;

import java.util.Objects;

/**
 * An IPv4 or IPv6 prefix in canonical form: host bits beyond {@code length} are always zero, so
 * "10.1.2.3/8" and "10.0.0.0/8" are the same value. Bits are held as in {@link IpAddress}.
 */
public record IpPrefix(Afi afi, long high, long low, int length) implements Comparable<IpPrefix> {

    public IpPrefix {
        Objects.requireNonNull(afi, "afi");
        if (length < 0 || length > afi.maxPrefixLength()) {
            throw new IllegalArgumentException(
                    "prefix length " + length + " outside 0.." + afi.maxPrefixLength() + " for " + afi);
        }
        if (afi == Afi.IPV4) {
            high = 0;
            low = low & (AddressBits.mask64(length) >>> 32);
        } else {
            high = high & AddressBits.mask64(length);
            low = low & AddressBits.mask64(length - 64);
        }
    }

    public static IpPrefix v4(int bits, int length) {
        return new IpPrefix(Afi.IPV4, 0, Integer.toUnsignedLong(bits), length);
    }

    public static IpPrefix v6(long high, long low, int length) {
        return new IpPrefix(Afi.IPV6, high, low, length);
    }

    public static IpPrefix of(IpAddress address, int length) {
        return new IpPrefix(address.afi(), address.high(), address.low(), length);
    }

    /** Parses CIDR text such as "10.244.1.0/24" or "fd00:10::/64"; a bare address is a host route. */
    public static IpPrefix parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        IpAddress address = IpAddress.parse(slash < 0 ? s : s.substring(0, slash));
        int length = address.afi().maxPrefixLength();
        if (slash >= 0) {
            try {
                length = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "'", e);
            }
        }
        return of(address, length);
    }

    public IpAddress address() {
        return new IpAddress(afi, high, low);
    }

    public int v4Bits() {
        return (int) low;
    }

    /** True when {@code other} lies inside this prefix (or equals it). */
    public boolean contains(IpPrefix other) {
        if (other.afi != afi || other.length < length) {
            return false;
        }
        return new IpPrefix(afi, other.high, other.low, length).equals(this);
    }

    public boolean contains(IpAddress address) {
        return contains(of(address, address.afi().maxPrefixLength()));
    }

    /**
     * The record's own hash (31 times the address plus the length) leaves the low bits of every
     * /24 equal, so a HashMap of a million consecutive /24s filled only 65,536 of its buckets and
     * treeified them; {@link PrefixHash} mixes every bit in.
     */
    @Override
    public int hashCode() {
        return PrefixHash.of(high, low, length, afi.ordinal());
    }

    /** Written out for the reason given in {@link IpAddress#equals}. */
    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix p && low == p.low && length == p.length && high == p.high && afi == p.afi;
    }

    @Override
    public int compareTo(IpPrefix other) {
        int byAddress = address().compareTo(other.address());
        return byAddress != 0 ? byAddress : Integer.compare(length, other.length);
    }

    @Override
    public String toString() {
        return address() + "/" + length;
    }
}
