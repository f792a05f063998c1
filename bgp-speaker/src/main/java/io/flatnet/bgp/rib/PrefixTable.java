package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.PrefixHash;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An open-addressing hash table (linear probing, deletion by tombstone) of entries that carry
 * their own key: prefix bits, length and path id. Storing only a reference per slot, with no
 * per-entry node or key object, costs 8 bytes per slot (a compressed reference and the slot's hash),
 * 11 to 21 bytes per entry at the load factors used; a {@code HashMap<IpPrefix, V>} spends about 80 (node, key record, slot).
 *
 * <p>A deletion leaves a tombstone rather than shifting the rest of the probe run back: neighbouring
 * prefixes fill runs of neighbouring slots (see {@link PrefixHash}), so a backward shift looked at
 * up to fifteen entries per deletion of a full-table withdrawal. Inserts reuse tombstones, and a
 * resize (growing, shrinking, or rehashing in place when tombstones crowd the table) drops them.
 * Entries then move only on a resize, which also keeps a {@link TableWalk} from starting over.
 *
 * @param <E> the entry type, {@link Path} or the Loc-RIB's multi-path entry
 */
final class PrefixTable<E> {
    /** How to read an entry's key. */
    interface Keys<E> {
        long high(E e);

        long low(E e);

        int length(E e);

        int pathId(E e);
    }

    private static final int MIN_CAPACITY = 16;
    /** A deleted entry's slot: probes go on past it, inserts may take it. */
    private static final Object DELETED = new Object();

    private final Keys<E> keys;
    private Object[] slots = new Object[MIN_CAPACITY];
    /**
     * Each slot's full hash. Probing compares these before it reads an entry, and a resize reads
     * each entry's home from here: without it every probe dereferences an entry, a cache miss per
     * probe in a table of a million routes (4 more bytes a slot).
     */
    private int[] hashes = new int[MIN_CAPACITY];
    private int size;
    /** Slots not null: entries and tombstones. */
    private int used;
    /**
     * Counts the changes that move entries between slots (resize, clear), so a {@link TableWalk}
     * spanning several calls knows it must start again.
     */
    private int layout;

    PrefixTable(Keys<E> keys) {
        this.keys = keys;
    }

    int size() {
        return size;
    }

    E get(long high, long low, int length, int pathId) {
        int i = indexOf(high, low, length, pathId);
        return i < 0 ? null : cast(slots[i]);
    }

    /**
     * The slot holding the key, or {@code -(slot + 1)} for the slot where it would go (the first
     * tombstone on its probe, else the empty slot that ends it; see {@link #insertAt}); valid until
     * the table next changes other than by {@link #replaceAt}.
     */
    int indexOf(long high, long low, int length, int pathId) {
        int h = hash(high, low, length, pathId);
        int mask = slots.length - 1;
        int free = -1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            Object o = slots[i];
            if (o == null) {
                return -((free >= 0 ? free : i) + 1);
            }
            if (o == DELETED) {
                if (free < 0) {
                    free = i;
                }
            } else if (hashes[i] == h && matches(cast(o), high, low, length, pathId)) {
                return i;
            }
        }
    }

    E at(int index) {
        return cast(slots[index]);
    }

    /** Replaces the entry in {@code index} (from {@link #indexOf}) with one of the same key. */
    void replaceAt(int index, E entry) {
        slots[index] = entry;
    }

    /**
     * Adds {@code entry}, whose key is absent, in the slot {@code -(missing + 1)} that
     * {@link #indexOf} just returned for it: no second probe, unless the table must grow first.
     */
    void insertAt(int missing, E entry) {
        int i = -(missing + 1);
        if (slots[i] == null && (used + 1) * 4L > slots.length * 3L) {
            put(entry);
            return;
        }
        if (slots[i] == null) {
            used++;
        }
        slots[i] = entry;
        hashes[i] = hash(keys.high(entry), keys.low(entry), keys.length(entry), keys.pathId(entry));
        size++;
    }

    /** Adds {@code entry}, replacing and returning the entry with the same key, if any. */
    E put(E entry) {
        int i = indexOf(keys.high(entry), keys.low(entry), keys.length(entry), keys.pathId(entry));
        if (i >= 0) {
            E old = cast(slots[i]);
            slots[i] = entry;
            return old;
        }
        if (slots[-(i + 1)] == null && (used + 1) * 4L > slots.length * 3L) {
            // Grow if the entries need it, else only drop the tombstones; then find the slot again.
            resize((size + 1) * 2L > slots.length ? slots.length * 2 : slots.length);
            i = indexOf(keys.high(entry), keys.low(entry), keys.length(entry), keys.pathId(entry));
        }
        insertAt(i, entry);
        return null;
    }

    E remove(long high, long low, int length, int pathId) {
        int i = indexOf(high, low, length, pathId);
        return i < 0 ? null : removeAt(i);
    }

    /** Removes and returns the entry in {@code index} (from {@link #indexOf}). */
    E removeAt(int index) {
        E removed = cast(slots[index]);
        slots[index] = DELETED;
        hashes[index] = 0;
        size--;
        if (slots.length > MIN_CAPACITY && size * 8L < slots.length) {
            resize(slots.length / 2);
        }
        return removed;
    }

    void forEach(Consumer<? super E> action) {
        for (Object o : slots) {
            if (o != null && o != DELETED) {
                action.accept(cast(o));
            }
        }
    }

    /**
     * Calls {@code action} with the entries in up to {@code count} slots from where {@code from}
     * stopped, and says where the next call goes on; see {@link TableWalk} for a table that changed
     * in between.
     */
    TableWalk walk(TableWalk from, int count, Consumer<? super E> action) {
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
            Object o = slots[i];
            if (o != null && o != DELETED) {
                action.accept(cast(o));
            }
        }
        return new TableWalk(layout, end >= slots.length ? -1 : end, restarts);
    }

    /** A copy of the entries, for callers that change the table while walking it. */
    List<E> entries() {
        List<E> out = new ArrayList<>(size);
        forEach(out::add);
        return out;
    }

    void clear() {
        layout++;
        slots = new Object[MIN_CAPACITY];
        hashes = new int[MIN_CAPACITY];
        size = 0;
        used = 0;
    }

    private boolean matches(E e, long high, long low, int length, int pathId) {
        return keys.low(e) == low && keys.length(e) == length && keys.high(e) == high && keys.pathId(e) == pathId;
    }

    private void resize(int capacity) {
        layout++;
        Object[] old = slots;
        int[] oldHashes = hashes;
        slots = new Object[capacity];
        hashes = new int[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < old.length; j++) {
            if (old[j] != null && old[j] != DELETED) {
                int i = oldHashes[j] & mask;
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = old[j];
                hashes[i] = oldHashes[j];
            }
        }
        used = size;
    }

    static int hash(long high, long low, int length, int pathId) {
        return PrefixHash.of(high, low, length, pathId);
    }

    @SuppressWarnings("unchecked")
    private static <E> E cast(Object o) {
        return (E) o;
    }
}
