package io.flatnet.bgp.fsm;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The data field of a NOTIFICATION message: an immutable byte string with content equality.
 * It exists so that records carrying it compare by value, which a raw {@code byte[]} does not.
 */
public final class NotificationData {

    public static final NotificationData EMPTY = new NotificationData(new byte[0]);

    private final byte[] bytes;

    private NotificationData(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}, so later changes to the array do not leak into this value. */
    public static NotificationData of(byte... bytes) {
        return bytes.length == 0 ? EMPTY : new NotificationData(bytes.clone());
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** A fresh copy of the bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NotificationData other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Lower-case hex, e.g. {@code 0a1b}; empty for no data. */
    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
