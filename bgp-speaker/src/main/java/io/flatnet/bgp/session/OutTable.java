package io.flatnet.bgp.session;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.PrefixHash;

/**
 * An update group's Adj-RIB-Out for one family: prefix to {@link UpdateGroup.Out} array, in an
 * open-addressing table (linear probing, backward-shift deletion) whose keys are the prefix bits
 * in primitive arrays. No node and no key object per entry: about 25 octets per IPv4 prefix and
 * 35 per IPv6 prefix at the load factors used, where a {@code HashMap<IpPrefix, ...>} spends 80.
 * The values are shared arrays (see {@link UpdateGroup}), so a table of a million routes with few
 * distinct attribute sets costs little more than its slots. RIB thread only.
 */
final class OutTable {
    private static final int MIN_CAPACITY = 16;

    private final Afi afi;
    private long[] high;
    private long[] low;
    private byte[] length;
    /**
     * Each slot's hash: probes compare it before the key, and a deletion's backward shift reads
     * each following entry's home from it. Recomputing those homes cost more than the table's
     * other work together in a full-table withdrawal (neighbouring prefixes fill runs of
     * neighbouring slots, so each deletion shifted up to fifteen entries).
     */
    private int[] hashes;
    private UpdateGroup.Out[][] values;
    private int size;

    OutTable(Afi afi) {
        this.afi = afi;
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        high = afi == Afi.IPV6 ? new long[capacity] : null;
        low = new long[capacity];
        length = new byte[capacity];
        hashes = new int[capacity];
        values = new UpdateGroup.Out[capacity][];
    }

    int size() {
        return size;
    }

    UpdateGroup.Out[] get(IpPrefix p) {
        int i = find(p);
        return i < 0 ? null : values[i];
    }

    /** The slot holding {@code p}, or {@code -(slot + 1)} for the empty slot that ends its probe. */
    private int find(IpPrefix p) {
        int h = hash(p.high(), p.low(), p.length());
        int mask = values.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            if (values[i] == null) {
                return -(i + 1);
            }
            if (hashes[i] == h && matches(i, p.high(), p.low(), p.length())) {
                return i;
            }
        }
    }

    /** Sets the entry of {@code p}; returns the one it replaced, or null. */
    UpdateGroup.Out[] put(IpPrefix p, UpdateGroup.Out[] value) {
        if ((size + 1) * 4L > values.length * 3L) {
            resize(values.length * 2);
        }
        int i = find(p);
        if (i >= 0) {
            UpdateGroup.Out[] old = values[i];
            values[i] = value;
            return old;
        }
        i = -(i + 1);
        if (high != null) {
            high[i] = p.high();
        }
        low[i] = p.low();
        length[i] = (byte) p.length();
        hashes[i] = hash(p.high(), p.low(), p.length());
        values[i] = value;
        size++;
        return null;
    }

    /** Removes the entry of {@code p}; returns it, or null. */
    UpdateGroup.Out[] remove(IpPrefix p) {
        int i = find(p);
        if (i < 0) {
            return null;
        }
        int mask = values.length - 1;
        UpdateGroup.Out[] old = values[i];
        // Backward-shift deletion: pull later entries of the probe run into the hole.
        int hole = i;
        for (int j = (hole + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = hashes[j] & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                move(j, hole);
                hole = j;
            }
        }
        values[hole] = null;
        size--;
        if (values.length > MIN_CAPACITY && size * 8L < values.length) {
            resize(values.length / 2);
        }
        return old;
    }

    /** The prefixes held now, packed: a snapshot to walk in chunks while the table changes. */
    NlriList keys() {
        NlriList.Builder b = NlriList.builder(afi, false, Math.max(1, size));
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                if (afi == Afi.IPV4) {
                    b.addV4(0, (int) low[i], length[i] & 0xFF);
                } else {
                    b.addV6(0, high[i], low[i], length[i] & 0xFF);
                }
            }
        }
        return b.build();
    }

    private void move(int from, int to) {
        if (high != null) {
            high[to] = high[from];
        }
        low[to] = low[from];
        length[to] = length[from];
        hashes[to] = hashes[from];
        values[to] = values[from];
    }

    private boolean matches(int i, long h, long l, int len) {
        return low[i] == l && (length[i] & 0xFF) == len && (high == null || high[i] == h);
    }

    private void resize(int capacity) {
        long[] oldHigh = high;
        long[] oldLow = low;
        byte[] oldLength = length;
        int[] oldHashes = hashes;
        UpdateGroup.Out[][] oldValues = values;
        allocate(capacity);
        int mask = capacity - 1;
        for (int j = 0; j < oldValues.length; j++) {
            if (oldValues[j] == null) {
                continue;
            }
            int i = oldHashes[j] & mask;
            while (values[i] != null) {
                i = (i + 1) & mask;
            }
            if (high != null) {
                high[i] = oldHigh[j];
            }
            low[i] = oldLow[j];
            length[i] = oldLength[j];
            hashes[i] = oldHashes[j];
            values[i] = oldValues[j];
        }
    }

    private static int hash(long high, long low, int length) {
        return PrefixHash.of(high, low, length, 0);
    }
}
