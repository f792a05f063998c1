package io.flatnet.bgp.model;

/** Big-endian reads and writes of address bits, and prefix masks. */
final class AddressBits {
    private AddressBits() {}

    static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    static long readLong(byte[] b, int off) {
        return ((long) readInt(b, off) << 32) | (readInt(b, off + 4) & 0xFFFF_FFFFL);
    }

    static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static void writeLong(byte[] b, int off, long v) {
        writeInt(b, off, (int) (v >>> 32));
        writeInt(b, off + 4, (int) v);
    }

    /** A mask of the top {@code bits} bits of a 64-bit word (bits clamped to 0..64). */
    static long mask64(int bits) {
        if (bits <= 0) {
            return 0;
        }
        if (bits >= 64) {
            return -1L;
        }
        return -1L << (64 - bits);
    }
}
