package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.Afi;

/**
 * Told which prefix's best path or ECMP set changed, on the RIB thread, as it happens: the same
 * events as {@link BestPathListener}, without the before and after. A full-table load changes a
 * million prefixes; this listener costs nothing per change beyond the call, where a
 * {@link BestPathChange} costs a handful of objects. The outbound path needs no more than this: it
 * reads the Loc-RIB when it flushes.
 */
@FunctionalInterface
public interface ChangedPrefixListener {
    /**
     * @param high   for IPv6, the prefix's top 64 bits; 0 for IPv4
     * @param low    for IPv6, the low 64 bits; for IPv4 the address as an unsigned 32-bit value
     * @param length the prefix length
     */
    void prefixChanged(Afi afi, long high, long low, int length);
}
