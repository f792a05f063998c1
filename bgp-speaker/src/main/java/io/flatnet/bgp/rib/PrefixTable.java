package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.PrefixHash;
import java.util.function.IntConsumer;

/**
 * An open-addressing hash table (deletion by tombstone) of prefix ids: the key of
 * an id (prefix bits and length) is read from the ids' columns ({@link PrefixColumns}), so a
 * slot is two ints, the id and its hash, and the table holds no object per entry. That is 11 to 21
 * bytes per entry at the load factors used; a {@code HashMap<IpPrefix, V>} spends about 80 (node,
 * key record, slot), and the garbage collector never looks inside an {@code int[]}.
 *
 * <p>A deletion leaves a tombstone rather than shifting the rest of the probe run back: neighbouring
 * prefixes fill runs of neighbouring slots (see {@link PrefixHash}), so a backward shift looked at
 * up to fifteen entries per deletion of a full-table withdrawal. Inserts reuse tombstones, and a
 * resize (growing, shrinking, or rehashing in place when tombstones crowd the table) drops them.
 * Entries then move only on a resize, which also keeps a {@link TableWalk} from starting over.
 *
 * <p>It doubles when three quarters of its slots are taken and over half hold entries, and shrinks
 * only when less than 1/32 full, to a quarter to a half full: halving at each eighth made a full-table withdrawal allocate a new table at every halving,
 * 16 MB at a million routes, in the middle of the withdrawal.
 */
final class PrefixTable {
    private static final int MIN_CAPACITY = 16;
    /** An empty slot; a full one holds its id plus one. */
    private static final int EMPTY = 0;
    /** A deleted entry's slot: probes go on past it, inserts may take it. */
    private static final int DELETED = -1;

    /**
     * Where the keys are. The final class itself, not an interface: C1 then binds and inlines the
     * key reads; through an interface each was a call of its own, three to a probe that finds its
     * key ({@code RibLoadHarness}, 1M routes, C1: load 78-85 -> 68-76 ms, withdrawal 52-59 -> 48-50 ms).
     */
    private final PrefixColumns keys;
    private int[] slots = new int[MIN_CAPACITY];
    /**
     * Each slot's full hash. Probing compares these before it reads an id's key, and a resize reads
     * each entry's home from here: without it every probe reads the key columns, a cache miss per
     * probe in a table of a million routes (4 more bytes a slot).
     */
    private int[] hashes = new int[MIN_CAPACITY];
    private int size;
    /** Slots not empty: entries and tombstones. */
    private int used;
    /**
     * Counts the changes that move entries between slots (resize, clear), so a {@link TableWalk}
     * spanning several calls knows it must start again.
     */
    private int layout;

    PrefixTable(PrefixColumns keys) {
        this.keys = keys;
    }

    int size() {
        return size;
    }

    /** The id with this key, or -1. */
    int get(long high, long low, int length) {
        int i = indexOf(high, low, length);
        return i < 0 ? -1 : slots[i] - 1;
    }

    /**
     * The slot holding the key, or {@code -(slot + 1)} for the slot where it would go (the first
     * tombstone on its probe, else the empty slot that ends it; see {@link #insertAt}); valid until
     * the table next changes.
     */
    int indexOf(long high, long low, int length) {
        int h = hash(high, low, length);
        int mask = slots.length - 1;
        int step = step(h);
        int free = -1;
        for (int i = h & mask; ; i = (i + step) & mask) {
            int s = slots[i];
            if (s == EMPTY) {
                return -((free >= 0 ? free : i) + 1);
            }
            if (s == DELETED) {
                if (free < 0) {
                    free = i;
                }
            } else if (hashes[i] == h && matches(s - 1, high, low, length)) {
                return i;
            }
        }
    }

    /** The id in slot {@code index} (from {@link #indexOf}). */
    int idAt(int index) {
        return slots[index] - 1;
    }

    /**
     * Adds {@code id}, whose key (already in the columns) is absent, in the slot
     * {@code -(missing + 1)} that {@link #indexOf} just returned for it: no second probe, unless
     * the table must grow first.
     */
    void insertAt(int missing, int id) {
        int i = -(missing + 1);
        long high = keys.high(id);
        long low = keys.low(id);
        int length = keys.length(id);
        if (slots[i] == EMPTY && (used + 1) * 4L > slots.length * 3L) {
            // Grow if the entries need it, else only drop the tombstones; then find the slot again.
            resize((size + 1) * 2L > slots.length ? slots.length * 2 : slots.length);
            i = -(indexOf(high, low, length) + 1);
        }
        if (slots[i] == EMPTY) {
            used++;
        }
        slots[i] = id + 1;
        hashes[i] = hash(high, low, length);
        size++;
    }

    /** Adds {@code id}, whose key must be absent. */
    void add(int id) {
        int i = indexOf(keys.high(id), keys.low(id), keys.length(id));
        if (i >= 0) {
            throw new IllegalStateException("key of id " + id + " already held by id " + idAt(i));
        }
        insertAt(i, id);
    }

    /** Removes the id with this key and returns it, or -1. */
    int remove(long high, long low, int length) {
        int i = indexOf(high, low, length);
        if (i < 0) {
            return -1;
        }
        int id = idAt(i);
        removeAt(i);
        return id;
    }

    /** Removes the entry in {@code index} (from {@link #indexOf}). */
    void removeAt(int index) {
        slots[index] = DELETED;
        hashes[index] = 0;
        size--;
        if (slots.length > MIN_CAPACITY && size * 32L < slots.length) {
            resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(size * 4 - 1) * 2));
        }
    }

    void forEach(IntConsumer action) {
        for (int s : slots) {
            if (s > 0) {
                action.accept(s - 1);
            }
        }
    }

    /**
     * Calls {@code action} with the ids in up to {@code count} slots from where {@code from}
     * stopped, and says where the next call goes on; see {@link TableWalk} for a table that changed
     * in between.
     */
    TableWalk walk(TableWalk from, int count, IntConsumer action) {
        if (from.finished()) {
            return from;
        }
        int start = from.next();
        int restarts = from.restarts();
        if (from.layout() != -1 && from.layout() != layout && restarts < TableWalk.MAX_RESTARTS) {
            start = 0;
            restarts++;
        }
        int end = (int) Math.min(slots.length, (long) start + Math.max(1, count));
        for (int i = start; i < end; i++) {
            int s = slots[i];
            if (s > 0) {
                action.accept(s - 1);
            }
        }
        return new TableWalk(layout, end >= slots.length ? -1 : end, restarts);
    }

    /** A copy of the ids, for callers that change the table while going through them. */
    int[] ids() {
        int[] out = new int[size];
        int[] n = {0};
        forEach(id -> out[n[0]++] = id);
        return out;
    }

    private boolean matches(int id, long high, long low, int length) {
        return keys.low(id) == low && keys.length(id) == length && keys.high(id) == high;
    }

    private void resize(int capacity) {
        layout++;
        int[] old = slots;
        int[] oldHashes = hashes;
        slots = new int[capacity];
        hashes = new int[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < old.length; j++) {
            if (old[j] > 0) {
                int h = oldHashes[j];
                int step = step(h);
                int i = h & mask;
                while (slots[i] != EMPTY) {
                    i = (i + step) & mask;
                }
                slots[i] = old[j];
                hashes[i] = oldHashes[j];
            }
        }
        used = size;
    }

    /**
     * How far a probe moves on from an occupied slot: to another run of slots chosen by the key's
     * run (see {@link PrefixHash}), one slot further in. Moving one slot on, as plain linear probing
     * does, made a run whose home was taken spill into the next runs, which spilled in turn: at
     * three quarters full an insert of a full table looked at about a hundred slots. Odd, so the
     * probe reaches every slot of a table whose size is a power of two.
     */
    private static int step(int h) {
        return ((h >>> 16 | 1) << PrefixHash.RUN_BITS) | 1;
    }

    static int hash(long high, long low, int length) {
        return PrefixHash.of(high, low, length, 0);
    }
}
