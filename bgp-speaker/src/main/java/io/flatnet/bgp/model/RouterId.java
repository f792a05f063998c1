package io.flatnet.bgp.model;

/**
 * A BGP identifier (RFC 4271 §4.2, RFC 6286): a 32-bit value written as a dotted quad. Also used
 * for ORIGINATOR_ID and cluster ids (RFC 4456), which have the same shape. Comparison is unsigned,
 * as the decision process and collision detection require.
 */
public record RouterId(int bits) implements Comparable<RouterId> {

    public static RouterId of(int bits) {
        return new RouterId(bits);
    }

    /** Parses a dotted quad such as "100.64.0.1". */
    public static RouterId parse(String text) {
        IpAddress address = IpAddress.parse(text);
        if (address.afi() != Afi.IPV4) {
            throw new IllegalArgumentException("a router id is a dotted quad, not '" + text + "'");
        }
        return new RouterId(address.v4Bits());
    }

    public IpAddress toAddress() {
        return IpAddress.v4(bits);
    }

    @Override
    public int compareTo(RouterId other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    @Override
    public String toString() {
        return toAddress().toString();
    }

    /** Written out for the reason given in {@link IpAddress#equals}. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RouterId r && bits == r.bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }
}
