package io.flatnet.bgp.model;

/**
 * An extended community (RFC 4360): eight octets, the first one or two of which give its type.
 * flatnet does not interpret them; it carries and matches them whole.
 */
public record ExtendedCommunity(long bits) {

    /** High-order type octet, including the IANA-authority and transitive bits. */
    public int type() {
        return (int) (bits >>> 56) & 0xFF;
    }

    public int subType() {
        return (int) (bits >>> 48) & 0xFF;
    }

    /** RFC 4360 §2: bit 1 of the type octet set means non-transitive across ASes. */
    public boolean isTransitive() {
        return (type() & 0x40) == 0;
    }

    /** Route target with a 2-octet AS (type 0x00, subtype 0x02). */
    public static ExtendedCommunity routeTarget(int asn16, int value) {
        return new ExtendedCommunity((0x0002L << 48) | ((long) (asn16 & 0xFFFF) << 32) | Integer.toUnsignedLong(value));
    }

    @Override
    public String toString() {
        return String.format("0x%016x", bits);
    }
}
