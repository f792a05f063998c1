package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.PrefixHash;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An open-addressing hash table (linear probing, backward-shift deletion) of entries that carry
 * their own key: prefix bits, length and path id. Storing only a reference per slot, with no
 * per-entry node or key object, costs 8 bytes per slot (a compressed reference and the slot's hash),
 * 11 to 21 bytes per entry at the load factors used; a {@code HashMap<IpPrefix, V>} spends about 80 (node, key record, slot).
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

    private final Keys<E> keys;
    private Object[] slots = new Object[MIN_CAPACITY];
    /**
     * Each slot's full hash. Probing compares these before it reads an entry, and moving entries
     * (backward shift, resize) reads its home from here: without it every probe dereferences an
     * entry, a cache miss per probe in a table of a million routes (4 more bytes a slot).
     */
    private int[] hashes = new int[MIN_CAPACITY];
    private int size;
    /**
     * Counts the changes that move entries between slots (resize, clear, a backward shift), so a
     * {@link TableWalk} spanning several calls knows it must start again.
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
     * The slot holding the key, or {@code -(slot + 1)} for the empty slot where it would go (see
     * {@link #insertAt}); valid until the table next changes other than by {@link #replaceAt}.
     */
    int indexOf(long high, long low, int length, int pathId) {
        int h = hash(high, low, length, pathId);
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            Object o = slots[i];
            if (o == null) {
                return -(i + 1);
            }
            if (hashes[i] == h && matches(cast(o), high, low, length, pathId)) {
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
     * Adds {@code entry}, whose key is absent, in the empty slot {@code -(missing + 1)} that
     * {@link #indexOf} just returned for it: no second probe, unless the table must grow first.
     */
    void insertAt(int missing, E entry) {
        if ((size + 1) * 4L > slots.length * 3L) {
            put(entry);
            return;
        }
        int i = -(missing + 1);
        slots[i] = entry;
        hashes[i] = hash(keys.high(entry), keys.low(entry), keys.length(entry), keys.pathId(entry));
        size++;
    }

    /** Adds {@code entry}, replacing and returning the entry with the same key, if any. */
    E put(E entry) {
        if ((size + 1) * 4L > slots.length * 3L) {
            resize(slots.length * 2);
        }
        long high = keys.high(entry);
        long low = keys.low(entry);
        int length = keys.length(entry);
        int pathId = keys.pathId(entry);
        int h = hash(high, low, length, pathId);
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            Object o = slots[i];
            if (o == null) {
                slots[i] = entry;
                hashes[i] = h;
                size++;
                return null;
            }
            E e = cast(o);
            if (hashes[i] == h && matches(e, high, low, length, pathId)) {
                slots[i] = entry;
                return e;
            }
        }
    }

    E remove(long high, long low, int length, int pathId) {
        int i = indexOf(high, low, length, pathId);
        return i < 0 ? null : removeAt(i);
    }

    /** Removes and returns the entry in {@code index} (from {@link #indexOf}). */
    E removeAt(int index) {
        int mask = slots.length - 1;
        int i = index;
        E removed = cast(slots[i]);
        slots[i] = null;
        size--;
        // Backward shift: pull later entries of the probe run into the hole when their home slot
        // does not lie cyclically in (hole, their slot].
        for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int home = hashes[j] & mask;
            boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!stays) {
                layout++;
                slots[i] = slots[j];
                hashes[i] = hashes[j];
                slots[j] = null;
                i = j;
            }
        }
        if (slots.length > MIN_CAPACITY && size * 8L < slots.length) {
            resize(slots.length / 2);
        }
        return removed;
    }

    void forEach(Consumer<? super E> action) {
        for (Object o : slots) {
            if (o != null) {
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
            if (o != null) {
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
            if (old[j] != null) {
                int i = oldHashes[j] & mask;
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = old[j];
                hashes[i] = oldHashes[j];
            }
        }
    }

    static int hash(long high, long low, int length, int pathId) {
        return PrefixHash.of(high, low, length, pathId);
    }

    @SuppressWarnings("unchecked")
    private static <E> E cast(Object o) {
        return (E) o;
    }
}
