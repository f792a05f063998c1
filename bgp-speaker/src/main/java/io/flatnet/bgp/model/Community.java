package io.flatnet.bgp.model;

/** A standard community (RFC 1997): two 16-bit halves, conventionally ASN:value. */
public record Community(int bits) implements Comparable<Community> {
    public static final Community NO_EXPORT = new Community(0xFFFFFF01);
    public static final Community NO_ADVERTISE = new Community(0xFFFFFF02);
    public static final Community NO_EXPORT_SUBCONFED = new Community(0xFFFFFF03);
    /** RFC 8326. */
    public static final Community GRACEFUL_SHUTDOWN = new Community(0xFFFF0000);

    public static Community of(int high, int low) {
        if (high < 0 || high > 0xFFFF || low < 0 || low > 0xFFFF) {
            throw new IllegalArgumentException("community halves must be 0..65535: " + high + ":" + low);
        }
        return new Community((high << 16) | low);
    }

    /** Parses "65000:100". */
    public static Community parse(String text) {
        String[] parts = text.strip().split(":", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("a standard community is 'aa:nn', not '" + text + "'");
        }
        try {
            return of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a standard community is 'aa:nn', not '" + text + "'", e);
        }
    }

    public int high() {
        return bits >>> 16;
    }

    public int low() {
        return bits & 0xFFFF;
    }

    @Override
    public int compareTo(Community other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    @Override
    public String toString() {
        return high() + ":" + low();
    }
}
