package io.flatnet.kernel;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the kernel's routes of one protocol id in one table equal to a desired set, by applying
 * only the difference. Never flushes: routes found at {@link #start()} are adopted as stale and
 * stay until {@link #sweepStale()} (graceful restart done), and nothing is removed on exit unless
 * {@link #cleanup()} is called. Routes of other protocols are never written: a new key is added
 * with NLM_F_EXCL, so a foreign route on the same key makes the add fail instead of being replaced.
 *
 * <p>Not thread-safe by design: one owner thread calls every method, including
 * {@link #onKernelEvent}, which a monitor hands over to that thread.
 */
public final class RouteSyncer {

    private static final Logger log = LoggerFactory.getLogger(RouteSyncer.class);

    private final KernelRouteTable kernel;
    private final int table;
    private final int protocol;

    /** As the caller gave them, before next-hop resolution. */
    private Map<RouteKey, KernelRoute> desired = new HashMap<>();
    /** What the kernel holds of our protocol in our table, as far as we know. */
    private final Map<RouteKey, KernelRoute> installed = new HashMap<>();
    /** Adopted at start and not desired since; swept by {@link #sweepStale()}. */
    private final Set<RouteKey> stale = new HashSet<>();
    private final Map<Prefix, String> excluded = new HashMap<>();
    /** How each gateway of a desired route resolved last time; a foreign route change may move it. */
    private final Map<InetAddress, Resolution> resolutions = new HashMap<>();
    private boolean started;

    public RouteSyncer(KernelRouteTable kernel, int table, int protocol) {
        this.kernel = kernel;
        this.table = table;
        this.protocol = protocol;
    }

    /** A syncer for the main table and protocol {@code bgp} (186). */
    public RouteSyncer(KernelRouteTable kernel) {
        this(kernel, KernelRoute.MAIN_TABLE, KernelRoute.PROTO_BGP);
    }

    /** Adopts the routes of our protocol already in the kernel as stale; removes none of them. */
    public void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        for (KernelRoute r : kernel.dump(table, protocol)) {
            installed.put(r.key(), r);
            stale.add(r.key());
        }
        if (!stale.isEmpty()) {
            log.info("adopted {} routes of protocol {} in table {} as stale", stale.size(), protocol,
                    Integer.toUnsignedString(table));
        }
    }

    /** Replaces the whole desired set and applies the difference. */
    public SyncReport setDesired(Collection<KernelRoute> routes) {
        requireStarted();
        Map<RouteKey, KernelRoute> next = HashMap.newHashMap(routes.size());
        for (KernelRoute r : routes) {
            next.put(checkOurs(r).key(), r);
        }
        desired = next; // swapped, not copied: a full table is a million entries
        return reconcileAll();
    }

    /** Applies incremental changes to the desired set; of several changes to one key, the last counts. */
    public SyncReport apply(Collection<RouteChange> changes) {
        requireStarted();
        // One request per key: the plan diffs against what is installed before this call.
        Map<RouteKey, RouteChange> last = new LinkedHashMap<>();
        for (RouteChange c : changes) {
            RouteKey k = switch (c) {
                case RouteChange.Put(KernelRoute r) -> checkOurs(r).key();
                case RouteChange.Remove(RouteKey key) -> key;
            };
            last.remove(k);
            last.put(k, c);
        }
        Plan plan = new Plan();
        for (Map.Entry<RouteKey, RouteChange> e : last.entrySet()) {
            // A new route stores this one key in both desired and installed (a HashMap keeps an
            // existing equal key, so a replaced route keeps the keys it had).
            RouteKey k = e.getKey();
            switch (e.getValue()) {
                case RouteChange.Put(KernelRoute r) -> {
                    desired.put(k, r);
                    plan.desire(k, r);
                }
                case RouteChange.Remove(RouteKey _) -> {
                    if (desired.remove(k) != null) {
                        excluded.remove(k.destination());
                    }
                    stale.remove(k);
                    plan.undesire(k);
                }
            }
        }
        return plan.execute();
    }

    /** Deletes the adopted routes that nobody desired since {@link #start()}. */
    public SyncReport sweepStale() {
        requireStarted();
        Plan plan = new Plan();
        for (RouteKey k : List.copyOf(stale)) {
            stale.remove(k);
            plan.undesire(k);
        }
        return plan.execute();
    }

    /**
     * Deletes every route of ours in the table; only for a deliberate decommission, never on a
     * normal exit. The desired set is forgotten.
     */
    public SyncReport cleanup() {
        requireStarted();
        desired.clear();
        stale.clear();
        excluded.clear();
        Plan plan = new Plan();
        for (RouteKey k : List.copyOf(installed.keySet())) {
            plan.undesire(k);
        }
        return plan.execute();
    }

    /**
     * Forgets what it believed the kernel holds, dumps again and re-applies the difference. For
     * when notifications were lost, and to re-resolve next hops after the underlying routes moved.
     */
    public SyncReport resync() {
        requireStarted();
        reloadInstalled();
        return reconcileAll();
    }

    private void reloadInstalled() {
        installed.clear();
        for (KernelRoute r : kernel.dump(table, protocol)) {
            installed.put(r.key(), r);
        }
        stale.retainAll(installed.keySet());
    }

    /**
     * A route monitor saw someone else change the kernel. Our routes deleted or changed behind our
     * back are put back; a foreign route that took one of our keys is left alone.
     */
    public void onKernelEvent(RouteEvent event) {
        requireStarted();
        switch (event) {
            case RouteEvent.Overrun() -> {
                log.info("route monitor lost notifications (ENOBUFS); resynchronising table {}",
                        Integer.toUnsignedString(table));
                resync();
            }
            case RouteEvent.Deleted(KernelRoute r) -> {
                onDeleted(r);
                reresolveIfMoved(r);
            }
            case RouteEvent.Changed(KernelRoute r) -> {
                onChanged(r);
                reresolveIfMoved(r);
            }
        }
    }

    /**
     * A route of another protocol (a connected network, a static or IGP route) covering one of our
     * gateways changed: if the gateway now resolves differently (another hop, or reachable again,
     * or no longer), the desired routes are planned again.
     */
    private void reresolveIfMoved(KernelRoute r) {
        if (r.protocol() == protocol) {
            return;
        }
        boolean moved = false;
        for (Map.Entry<InetAddress, Resolution> e : resolutions.entrySet()) {
            if (r.destination().contains(e.getKey())) {
                Resolution now = kernel.resolve(e.getKey());
                if (!now.equals(e.getValue())) {
                    log.info("next hop {} now resolves to {} (was {}) after a change of {}; re-planning routes",
                            Addresses.format(e.getKey()), now, e.getValue(), r);
                    moved = true;
                }
            }
        }
        if (moved) {
            reconcileAll();
        }
    }

    /** Desired routes kept out of the kernel, with the reason. */
    public Map<Prefix, String> excluded() {
        return Collections.unmodifiableMap(excluded);
    }

    /** Adopted routes not yet desired nor swept. */
    public Set<RouteKey> stale() {
        return Collections.unmodifiableSet(stale);
    }

    /** The routes of ours the syncer believes the kernel holds, as installed (after resolution). */
    public Map<RouteKey, KernelRoute> installed() {
        return Collections.unmodifiableMap(installed);
    }

    public Map<RouteKey, KernelRoute> desired() {
        return Collections.unmodifiableMap(desired);
    }

    private void onDeleted(KernelRoute r) {
        if (r.table() != table || r.protocol() != protocol) {
            return;
        }
        RouteKey k = r.key();
        if (installed.remove(k) == null) {
            return;
        }
        KernelRoute d = desired.get(k);
        if (d != null) {
            log.info("route {} was deleted outside flatnet; putting it back", r);
            Plan plan = new Plan();
            plan.desire(k, d);
            plan.execute();
        } else if (stale.remove(k)) {
            log.info("stale route {} was deleted outside flatnet", r);
        }
    }

    private void onChanged(KernelRoute r) {
        if (r.table() != table) {
            return;
        }
        RouteKey k = r.key();
        if (r.protocol() != protocol) {
            // Someone replaced our route with one of theirs: theirs wins, we only note it.
            if (installed.remove(k) != null) {
                stale.remove(k);
                if (desired.containsKey(k)) {
                    excluded.put(k.destination(), "replaced outside flatnet by a route of protocol " + r.protocol());
                }
                log.info("route {} replaced outside flatnet by {}; leaving it", k, r);
            }
            return;
        }
        installed.put(k, r);
        KernelRoute d = desired.get(k);
        if (d == null) {
            return; // not desired: the next full reconcile removes it, as any undesired route of ours
        }
        Plan plan = new Plan();
        plan.desire(k, d);
        if (!plan.ops.isEmpty()) {
            log.info("route {} was changed outside flatnet to {}; restoring", k, r);
        }
        plan.execute();
    }

    private SyncReport reconcileAll() {
        Plan plan = new Plan();
        excluded.clear();
        resolutions.clear(); // only gateways still in use are tracked again
        for (Map.Entry<RouteKey, KernelRoute> d : desired.entrySet()) {
            plan.desire(d.getKey(), d.getValue());
        }
        for (RouteKey k : List.copyOf(installed.keySet())) {
            if (!desired.containsKey(k) && !stale.contains(k)) {
                plan.undesire(k);
            }
        }
        return plan.execute();
    }

    private KernelRoute checkOurs(KernelRoute r) {
        if (r.table() != table || r.protocol() != protocol) {
            throw new IllegalArgumentException("route " + r + " is not for table "
                    + Integer.toUnsignedString(table) + " protocol " + protocol);
        }
        return r;
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("start() first: it adopts the routes already in the kernel");
        }
    }

    /** The requests one call makes, with a next-hop resolution cache valid for that call only. */
    private final class Plan {
        final List<RouteOp> ops = new ArrayList<>();
        /** The key of each op, the caller's instance: a million routes need not carry two copies. */
        final List<RouteKey> keys = new ArrayList<>();
        final Map<InetAddress, Resolution> resolved = new HashMap<>();
        /** Resolved next-hop sets by the desired set: many routes share few sets. */
        final Map<List<NextHop>, Object> resolvedSets = new HashMap<>();

        void desire(RouteKey k, KernelRoute d) {
            stale.remove(k);
            Object effective = effective(d);
            KernelRoute current = installed.get(k);
            if (effective instanceof String reason) {
                excluded.put(k.destination(), reason);
                if (current != null) {
                    add(k, new RouteOp.Delete(current));
                }
                return;
            }
            excluded.remove(k.destination());
            KernelRoute e = (KernelRoute) effective;
            if (current == null) {
                add(k, new RouteOp.Add(e));
            } else if (!current.equals(e)) {
                add(k, new RouteOp.Replace(e));
            }
        }

        void undesire(RouteKey k) {
            KernelRoute current = installed.get(k);
            if (current != null) {
                add(k, new RouteOp.Delete(current));
            }
        }

        private void add(RouteKey k, RouteOp op) {
            keys.add(k);
            ops.add(op);
        }

        /** The route as installed: next hops pinned to an interface, resolved recursively if needed. */
        private Object effective(KernelRoute d) {
            if (d.type() == RouteType.BLACKHOLE) {
                return d;
            }
            Object hops = resolvedSets.computeIfAbsent(d.nextHops(), this::resolveSet);
            if (hops instanceof String reason) {
                return reason;
            }
            @SuppressWarnings("unchecked")
            List<NextHop> list = (List<NextHop>) hops;
            return list.equals(d.nextHops()) ? d : d.withNextHops(list);
        }

        /** The next hops pinned to interfaces, or a String saying why none is usable. */
        private Object resolveSet(List<NextHop> desiredHops) {
            List<NextHop> hops = new ArrayList<>(desiredHops.size());
            List<String> reasons = new ArrayList<>();
            for (NextHop h : desiredHops) {
                if (h.ifindex() != 0 || h.gateway().isEmpty()) {
                    hops.add(h);
                    continue;
                }
                InetAddress gw = h.gateway().get();
                Resolution resolution = resolved.computeIfAbsent(gw, kernel::resolve);
                resolutions.put(gw, resolution);
                switch (resolution) {
                    case Resolution.Direct(int ifindex) -> hops.add(h.withIfindex(ifindex));
                    case Resolution.Via(InetAddress via, int ifindex) ->
                            hops.add(new NextHop(Optional.of(via), ifindex, h.weight()));
                    case Resolution.Unreachable(String reason) ->
                            reasons.add("next hop " + Addresses.format(gw) + " unreachable: " + reason);
                }
            }
            if (hops.isEmpty()) {
                return String.join("; ", reasons);
            }
            if (!reasons.isEmpty()) {
                log.info("leaving out of next-hop set {}: {}", desiredHops, String.join("; ", reasons));
            }
            return List.copyOf(hops);
        }

        SyncReport execute() {
            if (ops.isEmpty()) {
                return SyncReport.empty();
            }
            BatchResult result;
            try {
                result = kernel.apply(ops);
            } catch (KernelException e) {
                // Acknowledgements were lost (or the socket failed): which requests took effect is
                // unknown. Re-read the kernel so the next call diffs against the truth.
                log.warn("applying {} route changes failed ({}); re-reading the kernel's routes", ops.size(), e.getMessage());
                reloadInstalled();
                throw e;
            }
            Map<RouteOp, RouteFailure> failed = new IdentityHashMap<>();
            for (RouteFailure f : result.failures()) {
                failed.put(f.op(), f);
            }
            int added = 0;
            int replaced = 0;
            int deleted = 0;
            for (int i = 0; i < ops.size(); i++) {
                RouteOp op = ops.get(i);
                RouteFailure f = failed.get(op);
                RouteKey k = keys.get(i);
                switch (op) {
                    case RouteOp.Add a when f == null -> {
                        installed.put(k, a.route());
                        added++;
                    }
                    case RouteOp.Replace r when f == null -> {
                        installed.put(k, r.route());
                        replaced++;
                    }
                    case RouteOp.Delete d when f == null -> {
                        installed.remove(k);
                        deleted++;
                    }
                    case RouteOp.Delete d when f.errno().equals(Errno.ESRCH) -> installed.remove(k);
                    case RouteOp.Add a when f.errno().equals(Errno.EEXIST) -> excluded.put(k.destination(),
                            "another route (not of protocol " + protocol + ") holds " + k + ": " + f.errno());
                    default -> {
                        if (!(op instanceof RouteOp.Delete)) {
                            excluded.put(k.destination(), "kernel refused: " + f.message());
                        }
                        log.warn("kernel refused {}", f.message());
                    }
                }
            }
            return new SyncReport(added, replaced, deleted, result.failures());
        }
    }
}
