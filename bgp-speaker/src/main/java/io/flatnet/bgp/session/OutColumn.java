package io.flatnet.bgp.session;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.rib.LocRib;
import java.util.Arrays;

/**
 * An update group's Adj-RIB-Out for one family: what the group last advertised for each prefix,
 * as {@link UpdateGroup.Out} arrays indexed by the Loc-RIB's prefix ids ({@link LocRib#idOf}).
 * One reference per prefix and no key: the Loc-RIB names the prefix of an id, and keeps a
 * withdrawn prefix's id until the group has read it ({@link LocRib#releaseRetired()}), so an
 * entry is cleared (a withdrawal sent) before its id can name another prefix. The values are
 * shared arrays (see {@link UpdateGroup}). RIB thread only.
 */
final class OutColumn {
    private final LocRib locRib;
    private UpdateGroup.Out[][] values = new UpdateGroup.Out[16][];
    private int size;

    OutColumn(LocRib locRib) {
        this.locRib = locRib;
    }

    Afi afi() {
        return locRib.afi();
    }

    int size() {
        return size;
    }

    UpdateGroup.Out[] get(int prefixId) {
        return prefixId < values.length ? values[prefixId] : null;
    }

    /** Sets (or with null, clears) the entry of {@code prefixId}; returns the one it replaced, or null. */
    UpdateGroup.Out[] set(int prefixId, UpdateGroup.Out[] value) {
        if (prefixId >= values.length) {
            if (value == null) {
                return null;
            }
            values = Arrays.copyOf(values, Math.max(prefixId + 1, Math.max(values.length * 2, locRib.idLimit())));
        }
        UpdateGroup.Out[] old = values[prefixId];
        values[prefixId] = value;
        size += (old == null ? 0 : -1) + (value == null ? 0 : 1);
        return old;
    }

    /** The prefixes held now, packed: a snapshot to walk in chunks while the table changes. */
    NlriList keys() {
        NlriList.Builder b = NlriList.builder(locRib.afi(), false, Math.max(1, size));
        for (int id = 0; id < values.length; id++) {
            if (values[id] != null) {
                b.add(locRib.prefixOf(id));
            }
        }
        return b.build();
    }
}
