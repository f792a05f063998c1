package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.Afi;

/**
 * Told which prefix's best path or ECMP set changed, on the RIB thread, as it happens: the same
 * events as {@link BestPathListener}, without the before and after. A full-table load changes a
 * million prefixes; this listener costs nothing per change beyond the call, where a
 * {@link BestPathChange} costs a handful of objects. The outbound path needs no more than this: it
 * reads the Loc-RIB by id when it flushes.
 */
@FunctionalInterface
public interface ChangedPrefixListener {
    /**
     * @param prefixId the prefix's id in the family's {@link LocRib}: read the prefix and its best
     *                 path with {@link LocRib#prefixOf} and {@link LocRib#bestPathOf}. The id of a
     *                 prefix that lost its last candidate stays readable until
     *                 {@link LocRib#releaseRetired()}, which the listener calls once it has read it.
     */
    void prefixChanged(Afi afi, int prefixId);
}
