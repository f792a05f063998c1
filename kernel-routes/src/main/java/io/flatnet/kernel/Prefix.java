package io.flatnet.kernel;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A route destination, IPv4 or IPv6, in canonical form: host bits beyond {@code length} are zero,
 * so "100.64.1.7/24" and "100.64.1.0/24" are equal. Built only from literals and raw bytes, never
 * through a name lookup.
 */
public record Prefix(InetAddress address, int length) implements Comparable<Prefix> {

    public Prefix {
        Objects.requireNonNull(address, "address");
        int max = address.getAddress().length * 8;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " outside 0.." + max);
        }
        address = masked(address.getAddress(), length);
    }

    /** Parses "100.64.1.0/24", "fd00:64::/48" or a bare address (a host route). */
    public static Prefix parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        InetAddress address = InetAddress.ofLiteral(slash < 0 ? s : s.substring(0, slash));
        int length = address.getAddress().length * 8;
        if (slash >= 0) {
            try {
                length = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "'", e);
            }
        }
        return new Prefix(address, length);
    }

    public static Prefix of(byte[] address, int length) {
        return new Prefix(fromBytes(address), length);
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    public int maxLength() {
        return isIpv4() ? 32 : 128;
    }

    public boolean contains(InetAddress other) {
        byte[] a = other.getAddress();
        return a.length * 8 == maxLength() && masked(a, length).equals(address);
    }

    /**
     * The record's own hash (31 times {@code InetAddress.hashCode()} plus the length) keeps the
     * low byte of every /24 equal: a million consecutive /24s filled 65,536 buckets of a HashMap
     * and treeified them. This mixes every address bit in.
     */
    @Override
    public int hashCode() {
        // InetAddress.hashCode() is the IPv4 address itself (and a digest of the IPv6 one), with
        // no copy of the bytes; the multiply and shifts spread it over every bit.
        long h = (address.hashCode() * 0x9E37_79B9_7F4A_7C15L) ^ length;
        h *= 0xC2B2_AE3D_27D4_EB4FL;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public int compareTo(Prefix other) {
        byte[] a = address.getAddress();
        byte[] b = other.address.getAddress();
        int c = a.length != b.length ? Integer.compare(a.length, b.length) : Arrays.compareUnsigned(a, b);
        return c != 0 ? c : Integer.compare(length, other.length);
    }

    @Override
    public String toString() {
        return Addresses.format(address) + "/" + length;
    }

    private static InetAddress masked(byte[] bytes, int length) {
        byte[] b = bytes.clone();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.clamp(length - i * 8L, 0, 8);
            b[i] = (byte) (b[i] & (0xff00 >> keep));
        }
        return fromBytes(b);
    }

    static InetAddress fromBytes(byte[] b) {
        try {
            // getByAddress never resolves; it only rejects lengths other than 4 and 16.
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address of " + b.length + " bytes", e);
        }
    }
}
