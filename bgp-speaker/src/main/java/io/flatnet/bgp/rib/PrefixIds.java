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
 * keeps the removed path as the prefix's key until {@link #releaseRetired()}. With nobody
 * listening, ids are freed at once. Freed ids are used again before new ones are taken, so the id
 * space stays as large as the largest table held. RIB thread only.
 */
final class PrefixIds {
    /** A prefix that left the Loc-RIB but whose id is not free yet; {@code key} names the prefix. */
    record Retired(Path key) {}

    private Object[] entries = new Object[16];
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

    /** The entry of {@code id}: a {@link Path}, a multi-candidate entry, a {@link Retired} or null (free). */
    Object entry(int id) {
        return entries[id];
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
        entries[id] = new Retired(key);
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
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = id;
    }
}
