package io.flatnet.bgp.model;

/**
 * Address Family Identifier (IANA "Address Family Numbers"), the two that a pod network uses.
 * Other AFIs stay plain integers inside {@link AddressFamily}.
 */
public enum Afi {
    IPV4(1, 4),
    IPV6(2, 16);

    private final int code;
    private final int addressBytes;

    Afi(int code, int addressBytes) {
        this.code = code;
        this.addressBytes = addressBytes;
    }

    public int code() {
        return code;
    }

    /** Length of one address of this family, in octets. */
    public int addressBytes() {
        return addressBytes;
    }

    /** Longest prefix length allowed in this family: 32 or 128. */
    public int maxPrefixLength() {
        return addressBytes * 8;
    }

    /** The AFI for an IANA code, or {@code null} when it is not IPv4 or IPv6. */
    public static Afi fromCode(int code) {
        return switch (code) {
            case 1 -> IPV4;
            case 2 -> IPV6;
            default -> null;
        };
    }
}
