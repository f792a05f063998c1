package io.flatnet.bgp.rib;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An open-addressing hash table (linear probing, backward-shift deletion) of entries that carry
 * their own key: prefix bits, length and path id. Storing only a reference per slot, with no
 * per-entry node or key object, costs 4 bytes per slot (compressed oops), 5 to 11 bytes per entry
 * at the load factors used; a {@code HashMap<IpPrefix, V>} spends about 80 (node, key record, slot).
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
    private int size;

    PrefixTable(Keys<E> keys) {
        this.keys = keys;
    }

    int size() {
        return size;
    }

    E get(long high, long low, int length, int pathId) {
        int mask = slots.length - 1;
        for (int i = hash(high, low, length, pathId) & mask; ; i = (i + 1) & mask) {
            Object o = slots[i];
            if (o == null) {
                return null;
            }
            E e = cast(o);
            if (matches(e, high, low, length, pathId)) {
                return e;
            }
        }
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
        int mask = slots.length - 1;
        for (int i = hash(high, low, length, pathId) & mask; ; i = (i + 1) & mask) {
            Object o = slots[i];
            if (o == null) {
                slots[i] = entry;
                size++;
                return null;
            }
            E e = cast(o);
            if (matches(e, high, low, length, pathId)) {
                slots[i] = entry;
                return e;
            }
        }
    }

    E remove(long high, long low, int length, int pathId) {
        int mask = slots.length - 1;
        int i = hash(high, low, length, pathId) & mask;
        while (true) {
            Object o = slots[i];
            if (o == null) {
                return null;
            }
            if (matches(cast(o), high, low, length, pathId)) {
                break;
            }
            i = (i + 1) & mask;
        }
        E removed = cast(slots[i]);
        slots[i] = null;
        size--;
        // Backward shift: pull later entries of the probe run into the hole when their home slot
        // does not lie cyclically in (hole, their slot].
        for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            E e = cast(slots[j]);
            int home = hash(keys.high(e), keys.low(e), keys.length(e), keys.pathId(e)) & mask;
            boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!stays) {
                slots[i] = e;
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

    /** A copy of the entries, for callers that change the table while walking it. */
    List<E> entries() {
        List<E> out = new ArrayList<>(size);
        forEach(out::add);
        return out;
    }

    void clear() {
        slots = new Object[MIN_CAPACITY];
        size = 0;
    }

    private boolean matches(E e, long high, long low, int length, int pathId) {
        return keys.low(e) == low && keys.length(e) == length && keys.high(e) == high && keys.pathId(e) == pathId;
    }

    private void resize(int capacity) {
        Object[] old = slots;
        slots = new Object[capacity];
        int mask = capacity - 1;
        for (Object o : old) {
            if (o != null) {
                E e = cast(o);
                int i = hash(keys.high(e), keys.low(e), keys.length(e), keys.pathId(e)) & mask;
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = e;
            }
        }
    }

    static int hash(long high, long low, int length, int pathId) {
        long h = high * 0x9E37_79B9_7F4A_7C15L + low;
        h = h * 0xC2B2_AE3D_27D4_EB4FL + (((long) length << 32) | (pathId & 0xFFFF_FFFFL));
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        h *= 0xC4CE_B9FE_1A85_EC53L;
        h ^= h >>> 33;
        return (int) h;
    }

    @SuppressWarnings("unchecked")
    private static <E> E cast(Object o) {
        return (E) o;
    }
}
