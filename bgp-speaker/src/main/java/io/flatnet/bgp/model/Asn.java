package io.flatnet.bgp.model;

/**
 * An autonomous system number, always held as the 4-octet value of RFC 6793 (0 to 2^32-1).
 * Printed in asplain notation, as BIRD, FRR and Calico print it.
 */
public record Asn(long value) implements Comparable<Asn> {
    /** AS_TRANS (RFC 6793): stands in for a 4-octet ASN in 2-octet fields. */
    public static final Asn AS_TRANS = new Asn(23456);

    public Asn {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("AS number out of range 0..4294967295: " + value);
        }
    }

    public static Asn of(long value) {
        return new Asn(value);
    }

    /** Reads the unsigned 32-bit value held in an {@code int}. */
    public static Asn fromInt(int bits) {
        return new Asn(Integer.toUnsignedLong(bits));
    }

    /** Parses asplain ("4200000001") or asdot ("64086.59905") notation. */
    public static Asn parse(String text) {
        String s = text.strip();
        try {
            int dot = s.indexOf('.');
            if (dot < 0) {
                return new Asn(Long.parseLong(s));
            }
            long high = Long.parseLong(s.substring(0, dot));
            long low = Long.parseLong(s.substring(dot + 1));
            if (high > 0xFFFF || low > 0xFFFF) {
                throw new IllegalArgumentException("asdot halves must be 0..65535: " + text);
            }
            return new Asn((high << 16) | low);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an AS number: '" + text + "'", e);
        }
    }

    /** True when the ASN does not fit the 2-octet fields of RFC 4271. */
    public boolean needsFourOctets() {
        return value > 0xFFFF;
    }

    /** The value to write into a 2-octet field: the ASN itself, or AS_TRANS. */
    public int twoOctetValue() {
        return needsFourOctets() ? (int) AS_TRANS.value : (int) value;
    }

    /** RFC 6996 / RFC 1930 private ranges. */
    public boolean isPrivate() {
        return (value >= 64512 && value <= 65534) || (value >= 4_200_000_000L && value <= 4_294_967_294L);
    }

    public int toInt() {
        return (int) value;
    }

    @Override
    public int compareTo(Asn other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }

    /** Written out for the reason given in {@link IpAddress#equals}: compared per exported prefix. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Asn a && value == a.value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }
}
