package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.route.RouteAttributes;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The speaker's routing information bases: an {@link AdjRibIn} per peer, a {@link LocRib} per
 * address family, the {@link AttributeInterner} and the {@link BestPathSelector}. These are the
 * operations a session performs on the RIB, each one a complete event.
 *
 * <p>Not thread-safe, and deliberately so: exactly one thread owns it, the one of a
 * {@link RibExecutor}, and everyone else posts events there. Listeners run on that thread.
 *
 * <p>Peers are told apart by address ({@link RouteSource#peerAddress()}); a re-established
 * session finds its Adj-RIB-In, and its stale paths, again. Import policy is applied by the
 * session before a route gets here (a rejected route arrives as a withdrawal), so the Adj-RIB-In
 * paths are the Loc-RIB candidates, and the Loc-RIB alone stores them (see {@link AdjRibIn}).
 */
public final class Rib {
    private final BestPathSelector selector;
    private final Predicate<IpAddress> nextHopReachable;
    private final AttributeInterner interner = new AttributeInterner();
    private final LocRib ipv4;
    private final LocRib ipv6;
    private final Map<IpAddress, AdjRibIn> adjRibsIn = new HashMap<>();

    /** A RIB that takes every next hop as reachable. */
    public Rib(BestPathOptions options) {
        this(options, nextHop -> true);
    }

    /**
     * @param nextHopReachable whether a next hop resolves (for now, asked once as each path arrives
     *                         and again on {@link #revalidateNextHops()})
     */
    public Rib(BestPathOptions options, Predicate<IpAddress> nextHopReachable) {
        this.selector = new BestPathSelector(options);
        this.nextHopReachable = Objects.requireNonNull(nextHopReachable, "nextHopReachable");
        this.ipv4 = new LocRib(Afi.IPV4, selector);
        this.ipv6 = new LocRib(Afi.IPV6, selector);
    }

    public LocRib locRib(Afi afi) {
        return afi == Afi.IPV4 ? ipv4 : ipv6;
    }

    /** Adds a listener to both families' Loc-RIBs. */
    public void addListener(BestPathListener listener) {
        ipv4.addListener(listener);
        ipv6.addListener(listener);
    }

    public void removeListener(BestPathListener listener) {
        ipv4.removeListener(listener);
        ipv6.removeListener(listener);
    }

    /** Adds a listener told only which prefixes changed to both families' Loc-RIBs. */
    public void addPrefixListener(ChangedPrefixListener listener) {
        ipv4.addPrefixListener(listener);
        ipv6.addPrefixListener(listener);
    }

    public Optional<AdjRibIn> adjRibIn(IpAddress peerAddress) {
        return Optional.ofNullable(adjRibsIn.get(peerAddress));
    }

    public AttributeInterner interner() {
        return interner;
    }

    public BestPathSelector selector() {
        return selector;
    }

    /** The peer announced (or re-announced) every entry of {@code nlri}, path ids included, with these attributes. */
    public void announce(RouteSource peer, NlriList nlri, RouteAttributes attributes) {
        AdjRibIn adj = adjRibIn(peer);
        RouteAttributes shared = interner.intern(attributes);
        boolean reachable = nextHopReachable.test(shared.nextHop());
        Afi afi = nlri.afi();
        for (int i = 0; i < nlri.size(); i++) {
            accept(adj, afi, nlri.high(i), nlri.low(i), nlri.prefixLength(i), nlri.pathId(i), peer, shared, reachable);
        }
    }

    public void announce(RouteSource peer, IpPrefix prefix, RouteAttributes attributes) {
        announce(peer, prefix, 0, attributes);
    }

    public void announce(RouteSource peer, IpPrefix prefix, long pathId, RouteAttributes attributes) {
        RouteAttributes shared = interner.intern(attributes);
        accept(adjRibIn(peer), prefix.afi(), prefix.high(), prefix.low(), prefix.length(), pathId, peer, shared,
                nextHopReachable.test(shared.nextHop()));
    }

    private void accept(AdjRibIn adj, Afi afi, long high, long low, int length, long pathId, RouteSource peer,
            RouteAttributes attributes, boolean reachable) {
        if (pathId < 0 || pathId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("path id is unsigned 32-bit: " + pathId);
        }
        if (locRib(afi).put(high, low, length, (int) pathId, attributes, peer, reachable, adj.epoch(afi))) {
            adj.counted(afi, 1);
        }
    }

    /** The peer withdrew every entry of {@code nlri}; unknown ones are ignored. */
    public void withdraw(RouteSource peer, NlriList nlri) {
        AdjRibIn adj = adjRibsIn.get(peer.peerAddress());
        if (adj == null) {
            return;
        }
        removeAll(adj, nlri.afi(), nlri);
    }

    /** The peer withdrew these prefixes (path id 0). */
    public void withdraw(RouteSource peer, Collection<IpPrefix> prefixes) {
        AdjRibIn adj = adjRibsIn.get(peer.peerAddress());
        if (adj == null) {
            return;
        }
        for (IpPrefix p : prefixes) {
            remove(adj, p.afi(), p.high(), p.low(), p.length(), 0);
        }
    }

    public void withdraw(RouteSource peer, IpPrefix prefix, long pathId) {
        AdjRibIn adj = adjRibsIn.get(peer.peerAddress());
        if (adj != null) {
            remove(adj, prefix.afi(), prefix.high(), prefix.low(), prefix.length(), (int) pathId);
        }
    }

    /** Removes one candidate of the peer's; false if it had none there. */
    private boolean remove(AdjRibIn adj, Afi afi, long high, long low, int length, int pathId) {
        if (locRib(afi).remove(high, low, length, adj.peerAddress(), pathId)) {
            adj.counted(afi, -1);
            return true;
        }
        return false;
    }

    /** The session went down without graceful restart: every path of the peer goes. */
    public void peerDown(RouteSource peer) {
        AdjRibIn adj = adjRibsIn.remove(peer.peerAddress());
        if (adj == null) {
            return;
        }
        for (Afi afi : Afi.values()) {
            if (adj.size(afi) > 0) {
                removeAll(adj, afi, locRib(afi).keysOf(adj.peerAddress(), -1, adj.size(afi)));
            }
        }
    }

    /** Removes the peer's candidates {@code keys} names (prefixes and path ids); returns how many there were. */
    private int removeAll(AdjRibIn adj, Afi afi, NlriList keys) {
        int removed = 0;
        for (int i = 0; i < keys.size(); i++) {
            if (remove(adj, afi, keys.high(i), keys.low(i), keys.prefixLength(i), (int) keys.pathId(i))) {
                removed++;
            }
        }
        return removed;
    }

    /**
     * RFC 4724 §4.2, receiving speaker: the session with a restarting peer went down; keep its
     * {@code afi} paths (they stay candidates) but mark them stale. Returns the stale mark, for
     * {@link #sweepStale(RouteSource, Afi, int)}.
     */
    public int markStale(RouteSource peer, Afi afi) {
        return adjRibIn(peer).markStale(afi);
    }

    /** {@link #markStale(RouteSource, Afi)} for both families. */
    public void markStale(RouteSource peer) {
        for (Afi afi : Afi.values()) {
            markStale(peer, afi);
        }
    }

    /**
     * Removes the peer's {@code afi} paths that are still stale: on End-of-RIB for the family
     * (RFC 4724 §4.2) or when the restart or stale timer runs out. Returns how many went.
     */
    public int sweepStale(RouteSource peer, Afi afi) {
        AdjRibIn adj = adjRibsIn.get(peer.peerAddress());
        if (adj == null) {
            return 0;
        }
        if (adj.size(afi) == 0) {
            return 0;
        }
        return removeAll(adj, afi, locRib(afi).keysOf(adj.peerAddress(), adj.epoch(afi), 16));
    }

    /** {@link #sweepStale(RouteSource, Afi)}, but only if no newer {@link #markStale} happened since {@code mark}. */
    public int sweepStale(RouteSource peer, Afi afi, int mark) {
        AdjRibIn adj = adjRibsIn.get(peer.peerAddress());
        return adj != null && adj.epoch(afi) == mark ? sweepStale(peer, afi) : 0;
    }

    /** Both families. */
    public int sweepStale(RouteSource peer) {
        int swept = 0;
        for (Afi afi : Afi.values()) {
            swept += sweepStale(peer, afi);
        }
        return swept;
    }

    /** Asks the next-hop predicate again for every path and re-decides the prefixes whose answer changed. */
    public void revalidateNextHops() {
        for (AdjRibIn adj : adjRibsIn.values()) {
            for (Afi afi : Afi.values()) {
                for (Path p : adj.paths(afi)) {
                    boolean reachable = nextHopReachable.test(p.attributes().nextHop());
                    if (reachable != p.nextHopReachable()) {
                        Path q = Path.of(afi, p.keyHigh(), p.keyLow(), p.keyLength(), p.pathId(), p.attributes(),
                                p.source(), reachable, p.staleEpoch());
                        locRib(afi).put(q);
                    }
                }
            }
        }
    }

    private AdjRibIn adjRibIn(RouteSource peer) {
        return adjRibsIn.computeIfAbsent(peer.peerAddress(), address -> new AdjRibIn(address, ipv4, ipv6));
    }
}
