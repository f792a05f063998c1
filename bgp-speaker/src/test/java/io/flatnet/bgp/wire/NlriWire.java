package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.Afi;

/**
 * NLRI entries written out by hand from RFC 4271 §4.3 and RFC 7911 §3, as hex, to check the
 * codec against: an optional 4-octet path id, the length in bits, then the address's leading
 * octets, as many as the length needs, taken as they are (host bits included).
 */
final class NlriWire {
    private NlriWire() {}

    /**
     * One entry; {@code pathId} -1 for none. The address is {@code high} then {@code low} for
     * IPv6, the low 32 bits of {@code low} for IPv4.
     */
    static String entry(Afi afi, long pathId, int length, long high, long low) {
        StringBuilder hex = new StringBuilder();
        if (pathId >= 0) {
            hex.append(String.format("%08x", pathId));
        }
        hex.append(String.format("%02x", length));
        String address = afi == Afi.IPV4
                ? String.format("%08x", low & 0xFFFF_FFFFL)
                : String.format("%016x%016x", high, low);
        return hex.append(address, 0, 2 * ((length + 7) / 8)).toString();
    }
}
