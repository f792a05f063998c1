package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.route.RouteAttributes;
import java.lang.ref.WeakReference;
import java.util.WeakHashMap;

/**
 * Keeps one shared instance per distinct {@link RouteAttributes}, so that memory grows with the
 * number of distinct attribute sets (thousands) rather than with routes (millions), and so that
 * "same attributes" is usually an identity check.
 *
 * <p><b>Weak, not reference-counted.</b> The canonical instance is held weakly: once no path
 * refers to it, the garbage collector clears the entry. Reference counting would free sets
 * promptly, but every place that drops a path (implicit replacement, withdraw, peer down, stale
 * sweep, policy re-evaluation, the Loc-RIB and export copies) would have to release exactly once;
 * one missed release leaks a set forever and one extra release breaks sharing silently. Weak
 * references make the RIB's reachability the count, at the cost of one small entry per distinct
 * set and freeing only at the next GC, which is harmless for sets this small and this few.
 *
 * <p>Not thread-safe: used on the RIB thread only.
 */
public final class AttributeInterner {
    // Key weakly held by the map; the value must not hold it strongly, or it would never be cleared.
    private final WeakHashMap<RouteAttributes, WeakReference<RouteAttributes>> sets = new WeakHashMap<>();

    /** The shared instance equal to {@code attributes}, which becomes the shared one if there is none. */
    public RouteAttributes intern(RouteAttributes attributes) {
        WeakReference<RouteAttributes> ref = sets.get(attributes);
        if (ref != null) {
            RouteAttributes shared = ref.get();
            if (shared != null) {
                return shared;
            }
        }
        sets.put(attributes, new WeakReference<>(attributes));
        return attributes;
    }

    /** Distinct sets currently held (those no longer referenced drop out after a GC). */
    public int size() {
        return sets.size();
    }
}
