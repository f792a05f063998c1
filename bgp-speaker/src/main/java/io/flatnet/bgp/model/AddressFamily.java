package io.flatnet.bgp.model;

/**
 * An AFI/SAFI pair (RFC 4760). Kept as two integers so that a peer's capability for a family we
 * do not implement still round-trips and can be named in logs.
 */
public record AddressFamily(int afi, int safi) {
    public static final int SAFI_UNICAST = 1;

    public static final AddressFamily IPV4_UNICAST = new AddressFamily(1, SAFI_UNICAST);
    public static final AddressFamily IPV6_UNICAST = new AddressFamily(2, SAFI_UNICAST);

    public AddressFamily {
        if (afi < 0 || afi > 0xFFFF) {
            throw new IllegalArgumentException("AFI out of range: " + afi);
        }
        if (safi < 0 || safi > 0xFF) {
            throw new IllegalArgumentException("SAFI out of range: " + safi);
        }
    }

    public static AddressFamily unicast(Afi afi) {
        return afi == Afi.IPV4 ? IPV4_UNICAST : IPV6_UNICAST;
    }

    /** The known AFI, or {@code null} for families flatnet does not route. */
    public Afi knownAfi() {
        return Afi.fromCode(afi);
    }

    /** True for IPv4 and IPv6 unicast, the families flatnet routes. */
    public boolean isSupported() {
        return safi == SAFI_UNICAST && knownAfi() != null;
    }

    @Override
    public String toString() {
        if (equals(IPV4_UNICAST)) {
            return "ipv4-unicast";
        }
        if (equals(IPV6_UNICAST)) {
            return "ipv6-unicast";
        }
        return "afi" + afi + "/safi" + safi;
    }
}
