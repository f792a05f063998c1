package io.flatnet.bgp.rib;

import java.util.Arrays;

/**
 * The Loc-RIB's small-integer id for each prefix it holds, and the entry ({@link Path} or
 * multi-candidate entry) by id. The outbound path keeps its state per prefix in arrays indexed by
 * these ids (see {@code UpdateGroup}), which costs a slot of 4 octets per prefix where a second
 * hash table keyed by prefix cost 17, and reaches a changed prefix without hashing it again.
 *
 * <p>A prefix keeps its id while it has candidates. When the last one goes the id is retired, not
 * freed: the change listeners still have to read the prefix (to withdraw it), so a retired id
 * keeps the removed path as the prefix's key, marked retired, until {@link #releaseRetired()}. With nobody
 * listening, ids are freed at once. Freed ids are used again before new ones are taken, so the id
 * space stays as large as the largest table held. RIB thread only.
 */
final class PrefixIds {
    private Object[] entries = new Object[16];
    /** Bit per id: retired (the entry is the prefix's last path, kept only to name the prefix). */
    private long[] retiredBits = new long[1];
    private int limit;
    private int[] free = new int[16];
    private int freeCount;
    private int[] retired = new int[16];
    private int retiredCount;

    /** A new id for {@code entry}. */
    int allocate(Object entry) {
        int id;
        if (freeCount > 0) {
            id = free[--freeCount];
        } else {
            id = limit++;
            if (id == entries.length) {
                entries = Arrays.copyOf(entries, entries.length * 2);
            }
        }
        entries[id] = entry;
        return id;
    }

    void set(int id, Object entry) {
        entries[id] = entry;
    }

    /**
     * The entry of {@code id}: a {@link Path} or a {@link Candidates} for a prefix with candidates;
     * for a retired id (see {@link #isRetired}) the prefix's last path; null for a free one.
     */
    Object entry(int id) {
        return entries[id];
    }

    boolean isRetired(int id) {
        int word = id >>> 6;
        return word < retiredBits.length && (retiredBits[word] & (1L << id)) != 0;
    }

    /** One more than the highest id in use: arrays indexed by id need this many slots. */
    int limit() {
        return limit;
    }

    /**
     * The prefix of {@code id} has no candidates left; {@code key} is its last path. With
     * {@code keep}, the id stays readable until {@link #releaseRetired()}; otherwise it is free now.
     */
    void retire(int id, Path key, boolean keep) {
        if (!keep) {
            release(id);
            return;
        }
        entries[id] = key; // no object per withdrawn prefix: a full-table withdrawal retires a million
        int word = id >>> 6;
        if (word >= retiredBits.length) {
            retiredBits = Arrays.copyOf(retiredBits, Math.max(word + 1, retiredBits.length * 2));
        }
        retiredBits[word] |= 1L << id;
        if (retiredCount == retired.length) {
            retired = Arrays.copyOf(retired, retiredCount * 2);
        }
        retired[retiredCount++] = id;
    }

    /** Frees every retired id. */
    void releaseRetired() {
        for (int i = 0; i < retiredCount; i++) {
            release(retired[i]);
        }
        retiredCount = 0;
        if (retired.length > 1024) {
            retired = new int[16]; // a withdrawn full table left a big array behind
        }
    }

    private void release(int id) {
        entries[id] = null;
        int word = id >>> 6;
        if (word < retiredBits.length) {
            retiredBits[word] &= ~(1L << id);
        }
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = id;
    }
}
