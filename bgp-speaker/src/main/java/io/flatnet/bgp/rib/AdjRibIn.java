package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.IpAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Routes received from each peer, per address family, before any import policy. Every method
 * posts its work to the RIB executor given at construction, which must run tasks one at a time
 * in submission order (a single-threaded executor); the maps are touched only there, so the class
 * needs no locks. Sessions post in message order, so a peer's changes apply in the order its
 * UPDATEs arrived.
 *
 * <p>Attribute sets are interned with a reference count: routes with equal attributes share one
 * instance, and a set no route uses any more is forgotten.
 */
public final class AdjRibIn {

    /** Told, on the RIB executor, about every change after it is applied. */
    public interface Observer {
        /**
         * @param applied     the change, with announced attribute sets replaced by the interned ones
         * @param routesAfter how many routes the peer's family holds now
         */
        void changed(RibChange applied, int routesAfter);

        /** The peer's routes of {@code family} were all dropped (session down, family disabled). */
        default void cleared(IpAddress peer, AddressFamily family, int routesDropped) {}
    }

    private final Executor executor;
    private final Map<IpAddress, Map<AddressFamily, Map<RouteKey, AttributeSet>>> tables = new HashMap<>();
    private final Map<AttributeSet, Interned> interned = new HashMap<>();
    private final List<Observer> observers = new ArrayList<>();

    /** Holds the shared instance and how many routes use it. */
    private static final class Interned {
        final AttributeSet set;
        int uses;

        Interned(AttributeSet set) {
            this.set = set;
        }
    }

    /** @param executor a single-threaded executor that owns this RIB */
    public AdjRibIn(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    public Executor executor() {
        return executor;
    }

    public void addObserver(Observer observer) {
        Objects.requireNonNull(observer, "observer");
        executor.execute(() -> observers.add(observer));
    }

    /**
     * Applies {@code change}; then, on the RIB executor, {@code routesAfter} gets the number of
     * routes the peer's family holds (sessions enforce their prefix limit with it).
     */
    public void apply(RibChange change, Consumer<Integer> routesAfter) {
        Objects.requireNonNull(change, "change");
        executor.execute(() -> {
            Map<RouteKey, AttributeSet> table = tables
                    .computeIfAbsent(change.peer(), p -> new HashMap<>())
                    .computeIfAbsent(change.family(), f -> new HashMap<>());
            for (RouteKey key : change.withdrawn()) {
                release(table.remove(key));
            }
            Map<RouteKey, AttributeSet> announced = new HashMap<>(change.announced().size() * 2);
            for (Map.Entry<RouteKey, AttributeSet> e : change.announced().entrySet()) {
                AttributeSet shared = intern(e.getValue());
                release(table.put(e.getKey(), shared));
                announced.put(e.getKey(), shared);
            }
            int size = table.size();
            RibChange applied = new RibChange(change.peer(), change.family(), announced, change.withdrawn());
            for (Observer o : observers) {
                o.changed(applied, size);
            }
            if (routesAfter != null) {
                routesAfter.accept(size);
            }
        });
    }

    /** Drops every route of {@code peer} (its session went down). */
    public void clearPeer(IpAddress peer) {
        executor.execute(() -> {
            Map<AddressFamily, Map<RouteKey, AttributeSet>> families = tables.remove(peer);
            if (families != null) {
                families.forEach((family, table) -> drop(peer, family, table));
            }
        });
    }

    /** Drops the routes of one family of {@code peer} (RFC 7606 AFI/SAFI disable). */
    public void clearFamily(IpAddress peer, AddressFamily family) {
        executor.execute(() -> {
            Map<AddressFamily, Map<RouteKey, AttributeSet>> families = tables.get(peer);
            Map<RouteKey, AttributeSet> table = families == null ? null : families.remove(family);
            if (table != null) {
                drop(peer, family, table);
            }
        });
    }

    /** A snapshot of the routes of {@code peer} in {@code family}, sorted by prefix then path id. */
    public CompletableFuture<List<ReceivedRoute>> routesAsync(IpAddress peer, AddressFamily family) {
        return CompletableFuture.supplyAsync(() -> {
            Map<AddressFamily, Map<RouteKey, AttributeSet>> families = tables.get(peer);
            Map<RouteKey, AttributeSet> table = families == null ? Map.of() : families.getOrDefault(family, Map.of());
            List<ReceivedRoute> out = new ArrayList<>(table.size());
            table.forEach((k, a) -> out.add(new ReceivedRoute(k.prefix(), k.pathId(), a.nextHop(), a)));
            out.sort(Comparator.comparing(ReceivedRoute::prefix).thenComparingLong(ReceivedRoute::pathId));
            return out;
        }, executor);
    }

    /** {@link #routesAsync}, waited for. Never call it from the RIB executor itself. */
    public List<ReceivedRoute> routes(IpAddress peer, AddressFamily family) {
        return routesAsync(peer, family).join();
    }

    /** How many distinct attribute sets are in use, for tests and metrics. */
    public CompletableFuture<Integer> internedSets() {
        return CompletableFuture.supplyAsync(interned::size, executor);
    }

    private void drop(IpAddress peer, AddressFamily family, Map<RouteKey, AttributeSet> table) {
        table.values().forEach(this::release);
        for (Observer o : observers) {
            o.cleared(peer, family, table.size());
        }
    }

    private AttributeSet intern(AttributeSet set) {
        Interned entry = interned.computeIfAbsent(set, Interned::new);
        entry.uses++;
        return entry.set;
    }

    private void release(AttributeSet set) {
        if (set == null) {
            return;
        }
        Interned entry = interned.get(set);
        if (entry != null && --entry.uses == 0) {
            interned.remove(set);
        }
    }
}
