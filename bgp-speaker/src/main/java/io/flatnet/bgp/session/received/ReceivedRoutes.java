package io.flatnet.bgp.session.received;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.route.RouteAttributes;
import io.flatnet.bgp.rib.Path;
import io.flatnet.bgp.rib.RibExecutor;
import io.flatnet.bgp.rib.TableWalk;
import io.flatnet.bgp.wire.RouteAttributesMapper;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A read-only view of the routes each peer has sent and the speaker accepted: the Adj-RIB-In of
 * the {@link io.flatnet.bgp.rib.Rib}, after import (routes rejected by import policy or dropped
 * for an AS_PATH loop are not here; LOCAL_PREF from eBGP peers is gone). Snapshots are taken on
 * the RIB thread and given in wire form, attributes as an {@link AttributeSet}; equal attribute
 * sets (the RIB interns them) come out as one shared instance.
 */
public final class ReceivedRoutes {
    private final RibExecutor executor;
    /** Wire form per interned model set; RIB thread only. Weak: the RIB's interning decides lifetime. */
    private final WeakHashMap<RouteAttributes, AttributeSet> wire = new WeakHashMap<>();

    public ReceivedRoutes(RibExecutor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** A snapshot of the routes of {@code peer} in {@code family}, sorted by prefix then path id. */
    public CompletableFuture<List<ReceivedRoute>> routesAsync(IpAddress peer, AddressFamily family) {
        return executor.query(rib -> {
            List<ReceivedRoute> out = new ArrayList<>();
            if (family.isSupported()) {
                rib.adjRibIn(peer).ifPresent(adj -> adj.forEach(family.knownAfi(), p -> out.add(route(p, family))));
            }
            out.sort(Comparator.comparing(ReceivedRoute::prefix).thenComparingLong(ReceivedRoute::pathId));
            return out;
        });
    }

    /**
     * One chunk of a walk over the routes of {@code peer} in {@code family}, in no order: up to
     * {@code slots} slots of its Adj-RIB-In read in one RIB task, so that a reader of a full table
     * leaves the RIB thread to UPDATEs between chunks. Only the routes of prefixes {@code wanted}
     * accepts are turned into {@link ReceivedRoute}s and given to {@code action}; both run on the
     * RIB thread. Completes with where the next chunk starts (finished when the peer has no table).
     */
    public CompletableFuture<TableWalk> walk(IpAddress peer, AddressFamily family, TableWalk from, int slots,
            Predicate<IpPrefix> wanted, Consumer<ReceivedRoute> action) {
        return executor.query(rib -> family.isSupported() ? rib.adjRibIn(peer)
                .map(adj -> adj.walk(family.knownAfi(), from, slots, p -> {
                    if (wanted.test(p.prefix())) {
                        action.accept(route(p, family));
                    }
                }))
                .orElse(TableWalk.DONE) : TableWalk.DONE);
    }

    /** {@link #routesAsync}, waited for. Never call it from the RIB executor itself. */
    public List<ReceivedRoute> routes(IpAddress peer, AddressFamily family) {
        return routesAsync(peer, family).join();
    }

    /** How many distinct attribute sets the RIB holds, for tests and metrics. */
    public CompletableFuture<Integer> internedSets() {
        return executor.query(rib -> rib.interner().size());
    }

    private ReceivedRoute route(Path p, AddressFamily family) {
        RouteAttributes a = p.attributes();
        AttributeSet set = wire.get(a);
        if (set == null) {
            List<PathAttribute> attrs = family.equals(AddressFamily.IPV4_UNICAST) && a.nextHop().isV4()
                    ? RouteAttributesMapper.toWire(a)
                    : RouteAttributesMapper.toWire(a, family, io.flatnet.bgp.model.NlriList.empty(family.knownAfi()));
            set = AttributeSet.of(attrs, a.nextHop(), a.linkLocalNextHop().orElse(null));
            wire.put(a, set);
        }
        return new ReceivedRoute(p.prefix(), p.pathId(), a.nextHop(), set);
    }
}
