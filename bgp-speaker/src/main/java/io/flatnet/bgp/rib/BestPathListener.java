package io.flatnet.bgp.rib;

/** Told of every {@link BestPathChange}, on the RIB thread, in the order they happen. */
@FunctionalInterface
public interface BestPathListener {
    void bestPathChanged(BestPathChange change);
}
