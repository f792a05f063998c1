package io.flatnet.kernel;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kernel routing table in memory, for testing the syncer's logic without privileges. It models
 * what matters to the syncer: one route per {@link RouteKey} whatever its protocol (so foreign
 * routes can sit on a key), EEXIST on an exclusive add, ESRCH on deleting what is not there,
 * ENETUNREACH for a gateway that is not on a connected network, longest-prefix resolution of next
 * hops, and changes made "by hand" that a monitor would report.
 */
public final class InMemoryRouteTable implements KernelRouteTable {

    private final Map<RouteKey, KernelRoute> routes = new HashMap<>();
    private final Map<Prefix, Integer> connected = new HashMap<>();
    private final Map<RouteKey, Errno> injected = new HashMap<>();
    private final List<RouteEvent> events = new ArrayList<>();
    private int requests;

    /** A connected network: gateways inside it are on-link on {@code ifindex}. */
    public InMemoryRouteTable connect(String prefix, int ifindex) {
        connected.put(Prefix.parse(prefix), ifindex);
        return this;
    }

    /** Puts a route straight into the table, as another daemon or the boot scripts would. */
    public InMemoryRouteTable addForeign(KernelRoute route) {
        routes.put(route.key(), route);
        return this;
    }

    /** The next request touching {@code key} fails with {@code errno}. */
    public void failNext(RouteKey key, Errno errno) {
        injected.put(key, errno);
    }

    /** {@code ip route del} by an operator: removes the route and records what a monitor would see. */
    public void deleteByHand(RouteKey key) {
        KernelRoute r = routes.remove(key);
        if (r != null) {
            events.add(new RouteEvent.Deleted(r));
        }
    }

    /** {@code ip route replace} by an operator. */
    public void replaceByHand(KernelRoute route) {
        routes.put(route.key(), route);
        events.add(new RouteEvent.Changed(route));
    }

    /** The monitor socket overflowed: events are lost and an Overrun is all that is seen. */
    public void loseEvents() {
        events.clear();
        events.add(new RouteEvent.Overrun());
    }

    /** What a monitor would have reported since the last call. */
    public List<RouteEvent> drainEvents() {
        List<RouteEvent> out = List.copyOf(events);
        events.clear();
        return out;
    }

    public Optional<KernelRoute> get(RouteKey key) {
        return Optional.ofNullable(routes.get(key));
    }

    /** Every route, of every protocol. */
    public List<KernelRoute> all() {
        return List.copyOf(routes.values());
    }

    /** Requests applied so far, refused ones included; tests assert that a no-op sync sends none. */
    public int requests() {
        return requests;
    }

    @Override
    public List<KernelRoute> dump(int table, int protocol) {
        return routes.values().stream().filter(r -> r.table() == table && r.protocol() == protocol).toList();
    }

    @Override
    public BatchResult apply(List<? extends RouteOp> ops) {
        List<RouteFailure> failures = new ArrayList<>();
        for (RouteOp op : ops) {
            requests++;
            Errno e = applyOne(op);
            if (e != null) {
                failures.add(new RouteFailure(op, e, ""));
            }
        }
        return new BatchResult(ops.size() - failures.size(), failures);
    }

    private Errno applyOne(RouteOp op) {
        RouteKey k = op.route().key();
        Errno e = injected.remove(k);
        if (e != null) {
            return e;
        }
        switch (op) {
            case RouteOp.Add(KernelRoute r) -> {
                if (routes.containsKey(k)) {
                    return Errno.EEXIST;
                }
                Errno bad = checkNextHops(r);
                if (bad != null) {
                    return bad;
                }
                routes.put(k, r);
            }
            case RouteOp.Replace(KernelRoute r) -> {
                Errno bad = checkNextHops(r);
                if (bad != null) {
                    return bad;
                }
                routes.put(k, r);
            }
            case RouteOp.Delete(KernelRoute r) -> {
                KernelRoute there = routes.get(k);
                if (there == null || there.protocol() != r.protocol()) {
                    return Errno.ESRCH;
                }
                routes.remove(k);
            }
        }
        return null;
    }

    /** The kernel accepts a gateway only on a connected network of the named interface. */
    private Errno checkNextHops(KernelRoute r) {
        for (NextHop h : r.nextHops()) {
            if (h.gateway().isEmpty()) {
                continue;
            }
            Integer ifindex = connectedIfindex(h.gateway().get());
            if (ifindex == null || (h.ifindex() != 0 && h.ifindex() != ifindex)) {
                return Errno.ENETUNREACH;
            }
        }
        return null;
    }

    private Integer connectedIfindex(InetAddress a) {
        Prefix best = null;
        for (Prefix p : connected.keySet()) {
            if (p.contains(a) && (best == null || p.length() > best.length())) {
                best = p;
            }
        }
        return best == null ? null : connected.get(best);
    }

    @Override
    public Resolution resolve(InetAddress gateway) {
        Integer direct = connectedIfindex(gateway);
        KernelRoute best = null;
        for (KernelRoute r : routes.values()) {
            if (r.table() == KernelRoute.MAIN_TABLE && r.destination().contains(gateway)
                    && (best == null || r.destination().length() > best.destination().length())) {
                best = r;
            }
        }
        Prefix directNet = null;
        for (Prefix p : connected.keySet()) {
            if (p.contains(gateway) && (directNet == null || p.length() > directNet.length())) {
                directNet = p;
            }
        }
        if (direct != null && (best == null || directNet.length() >= best.destination().length())) {
            return new Resolution.Direct(direct);
        }
        if (best == null) {
            return new Resolution.Unreachable(Errno.ENETUNREACH.toString());
        }
        if (best.type() == RouteType.BLACKHOLE) {
            return new Resolution.Unreachable("covered by blackhole " + best.destination());
        }
        NextHop h = best.nextHops().getFirst();
        if (h.gateway().isEmpty()) {
            return new Resolution.Direct(h.ifindex());
        }
        Integer ifindex = h.ifindex() != 0 ? Integer.valueOf(h.ifindex()) : connectedIfindex(h.gateway().get());
        return new Resolution.Via(h.gateway().get(), ifindex == null ? 0 : ifindex);
    }

    @Override
    public void close() {}
}
