package io.flatnet.bgp.model;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable octet string with content equality, so that records can hold opaque bytes (an
 * unknown attribute, NOTIFICATION data) and still compare by value.
 */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] octets;

    private Bytes(byte[] octets) {
        this.octets = octets;
    }

    /** Copies the given array. */
    public static Bytes of(byte... octets) {
        return octets.length == 0 ? EMPTY : new Bytes(octets.clone());
    }

    /** Copies {@code length} bytes from {@code offset}. */
    public static Bytes of(byte[] source, int offset, int length) {
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(source, offset, offset + length));
    }

    /** Parses hex text, ignoring spaces: "ff ff 00". */
    public static Bytes fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex.replaceAll("\\s+", "")));
    }

    public int length() {
        return octets.length;
    }

    public boolean isEmpty() {
        return octets.length == 0;
    }

    public int get(int index) {
        return octets[index] & 0xFF;
    }

    /** A fresh copy of the contents. */
    public byte[] toArray() {
        return octets.clone();
    }

    public String toHex() {
        return HexFormat.of().formatHex(octets);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(octets, other.octets);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(octets);
    }

    @Override
    public String toString() {
        return octets.length <= 64 ? toHex() : HexFormat.of().formatHex(octets, 0, 64) + "...(" + octets.length + " bytes)";
    }
}
