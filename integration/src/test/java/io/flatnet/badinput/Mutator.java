package io.flatnet.badinput;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutates whole BGP messages for the wire fuzzer: one to three edits of the body (bit flips,
 * interesting octets, insertions, deletions, truncation, a duplicated range), after which the
 * header's length is set to the new size, so that most mutants still frame and reach the UPDATE
 * or OPEN decoder. One mutant in twenty edits the header instead (marker, length or type) and
 * keeps it as edited. Deterministic for a given {@link Random}.
 */
final class Mutator {
    private static final int[] INTERESTING = {0x00, 0x01, 0x02, 0x03, 0x04, 0x0f, 0x10, 0x3f, 0x40, 0x7f, 0x80, 0x81,
        0xc0, 0xd0, 0xe0, 0xfe, 0xff};
    private static final int MAX = 4096;

    private final Random random;
    private final List<byte[]> seeds;

    Mutator(Random random, List<byte[]> seeds) {
        this.random = random;
        this.seeds = List.copyOf(seeds);
    }

    byte[] next() {
        byte[] m = seeds.get(random.nextInt(seeds.size())).clone();
        if (random.nextInt(20) == 0) {
            return mutateHeader(m);
        }
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            m = mutateBody(m);
        }
        m = Arrays.copyOf(m, Math.min(m.length, MAX));
        m[16] = (byte) (m.length >> 8);
        m[17] = (byte) m.length;
        return m;
    }

    private byte[] mutateBody(byte[] m) {
        int body = m.length - 19;
        if (body <= 0) {
            return insert(m, 19);
        }
        int at = 19 + random.nextInt(body);
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> {
                m[at] ^= (byte) (1 << random.nextInt(8));
                yield m;
            }
            case 3, 4 -> {
                m[at] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
                yield m;
            }
            case 5 -> {
                m[at] = (byte) (m[at] + (random.nextBoolean() ? 1 : -1));
                yield m;
            }
            case 6 -> insert(m, at);
            case 7 -> {
                int n = Math.min(1 + random.nextInt(8), m.length - at);
                byte[] out = new byte[m.length - n];
                System.arraycopy(m, 0, out, 0, at);
                System.arraycopy(m, at + n, out, at, m.length - at - n);
                yield out;
            }
            case 8 -> Arrays.copyOf(m, at);
            default -> {
                int n = Math.min(1 + random.nextInt(16), m.length - at);
                byte[] out = new byte[m.length + n];
                System.arraycopy(m, 0, out, 0, at + n);
                System.arraycopy(m, at, out, at + n, m.length - at);
                yield out;
            }
        };
    }

    private byte[] insert(byte[] m, int at) {
        int n = 1 + random.nextInt(8);
        byte[] out = new byte[m.length + n];
        System.arraycopy(m, 0, out, 0, at);
        for (int i = 0; i < n; i++) {
            out[at + i] = (byte) random.nextInt(256);
        }
        System.arraycopy(m, at, out, at + n, m.length - at);
        return out;
    }

    private byte[] mutateHeader(byte[] m) {
        switch (random.nextInt(4)) {
            case 0 -> m[random.nextInt(16)] = (byte) random.nextInt(256);
            case 1 -> {
                // A length shorter than the message: the rest is read as the next header.
                int length = random.nextInt(Math.max(1, m.length));
                m[16] = (byte) (length >> 8);
                m[17] = (byte) length;
            }
            case 2 -> {
                int length = MAX + 1 + random.nextInt(0xffff - MAX);
                m[16] = (byte) (length >> 8);
                m[17] = (byte) length;
            }
            default -> m[18] = (byte) random.nextInt(256);
        }
        return m;
    }
}
