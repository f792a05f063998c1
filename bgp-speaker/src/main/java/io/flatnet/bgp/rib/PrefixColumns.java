package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.route.RouteAttributes;
import java.util.Arrays;

/**
 * The Loc-RIB's prefixes by small-integer id, stored as columns: arrays indexed by id. Each id has
 * its key (prefix bits and length), and either its one candidate, spread over the route columns
 * (attributes, source, path id, stale epoch, next-hop reachability), or a {@link Candidates} entry
 * when it has several.
 *
 * <p>Why columns: a full table is a million prefixes, nearly all with one candidate. Held as a
 * {@link Path} object each, they were a million objects that every young collection of the load
 * copied and every full one traced; as columns they are a dozen arrays, 24 octets a prefix (32 for
 * IPv6) against 44 for a path and its reference. A {@link Path} is made on demand for a reader
 * ({@link #path}) and dies young.
 *
 * <p>Ids: a prefix keeps its id while it has candidates. When the last one goes the id is retired,
 * not freed: the change listeners still have to read the prefix (to withdraw it), so its key stays
 * until {@link #releaseRetired()}. With nobody listening, ids are freed at once. Freed ids are used
 * again before new ones are taken, so the id space stays as large as the largest table held. The
 * outbound path keeps its state per prefix in arrays indexed by these ids (see {@code UpdateGroup}).
 * RIB thread only.
 */
final class PrefixColumns implements PrefixTable.Keys {
    private static final byte REACHABLE = 1;

    private final Afi afi;
    /** The high 64 bits of an IPv6 prefix; null for IPv4. */
    private long[] high;
    private long[] low;
    private byte[] length;
    /**
     * Per id: the one candidate's {@link RouteAttributes}, or the {@link Candidates} of a prefix
     * with several, or null (a retired or free id: no candidates).
     */
    private Object[] entry;
    private RouteSource[] source;
    private int[] pathId;
    private char[] stale;
    private byte[] flags;
    private int limit;
    private int[] free = new int[16];
    private int freeCount;
    private int[] retired = new int[16];
    private int retiredCount;

    PrefixColumns(Afi afi) {
        this.afi = afi;
        allocateColumns(16);
    }

    private void allocateColumns(int capacity) {
        high = afi == Afi.IPV6 ? grow(high, capacity) : null;
        low = low == null ? new long[capacity] : Arrays.copyOf(low, capacity);
        length = length == null ? new byte[capacity] : Arrays.copyOf(length, capacity);
        entry = entry == null ? new Object[capacity] : Arrays.copyOf(entry, capacity);
        source = source == null ? new RouteSource[capacity] : Arrays.copyOf(source, capacity);
        pathId = pathId == null ? new int[capacity] : Arrays.copyOf(pathId, capacity);
        stale = stale == null ? new char[capacity] : Arrays.copyOf(stale, capacity);
        flags = flags == null ? new byte[capacity] : Arrays.copyOf(flags, capacity);
    }

    private static long[] grow(long[] a, int capacity) {
        return a == null ? new long[capacity] : Arrays.copyOf(a, capacity);
    }

    // Keys, for the PrefixTable.

    @Override
    public long high(int id) {
        return high == null ? 0 : high[id];
    }

    @Override
    public long low(int id) {
        return low[id];
    }

    @Override
    public int length(int id) {
        return length[id] & 0xFF;
    }

    IpPrefix prefix(int id) {
        return new IpPrefix(afi, high(id), low[id], length(id));
    }

    /** Adds the prefix of {@code id} to {@code b}. */
    void addTo(NlriList.Builder b, long pathId, int id) {
        if (high == null) {
            b.addV4(pathId, (int) low[id], length(id));
        } else {
            b.addV6(pathId, high[id], low[id], length(id));
        }
    }

    // Ids.

    /** A new id for a prefix (the key only; {@link #setSingle} or {@link #setMulti} gives it routes). */
    int allocate(long prefixHigh, long prefixLow, int prefixLength) {
        int id;
        if (freeCount > 0) {
            id = free[--freeCount];
        } else {
            id = limit++;
            if (id == low.length) {
                allocateColumns(low.length * 2);
            }
        }
        if (high != null) {
            high[id] = prefixHigh;
        }
        low[id] = prefixLow;
        length[id] = (byte) prefixLength;
        return id;
    }

    /** One more than the highest id in use: arrays indexed by id need this many slots. */
    int limit() {
        return limit;
    }

    /**
     * The prefix of {@code id} has no candidates left. With {@code keep}, its key stays readable
     * until {@link #releaseRetired()}; otherwise the id is free now.
     */
    void retire(int id, boolean keep) {
        clearRoute(id);
        if (!keep) {
            release(id);
            return;
        }
        if (retiredCount == retired.length) {
            retired = Arrays.copyOf(retired, retiredCount * 2);
        }
        retired[retiredCount++] = id;
    }

    /** Frees every retired id. */
    void releaseRetired() {
        for (int i = 0; i < retiredCount; i++) {
            release(retired[i]);
        }
        retiredCount = 0;
        if (retired.length > 1024) {
            retired = new int[16]; // a withdrawn full table left a big array behind
        }
    }

    private void release(int id) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = id;
    }

    // Routes.

    /** True when {@code id} has candidates (it is neither retired nor free). */
    boolean held(int id) {
        return entry[id] != null;
    }

    /** The {@link Candidates} of {@code id}, or null when it has one candidate or none. */
    Candidates multi(int id) {
        return entry[id] instanceof Candidates c ? c : null;
    }

    /** True when {@code id} has exactly one candidate, held in the route columns. */
    boolean single(int id) {
        return entry[id] instanceof RouteAttributes;
    }

    void setMulti(int id, Candidates c) {
        clearRoute(id);
        entry[id] = c;
    }

    /** Makes {@code path} the one candidate of {@code id}. */
    void setSingle(int id, Path path) {
        setSingle(id, path.keyPathId(), path.attributes(), path.source(), path.nextHopReachable(), path.staleEpoch());
    }

    /** Makes the route these fields describe (see {@link Path}) the one candidate of {@code id}. */
    void setSingle(int id, int routePathId, RouteAttributes attributes, RouteSource routeSource, boolean reachable,
            int staleEpoch) {
        entry[id] = attributes;
        source[id] = routeSource;
        pathId[id] = routePathId;
        stale[id] = (char) staleEpoch;
        flags[id] = reachable ? REACHABLE : 0;
    }

    private void clearRoute(int id) {
        entry[id] = null;
        source[id] = null; // not held past its session's end
    }

    /** Whether the one candidate of {@code id} has a reachable next hop. */
    boolean reachable(int id) {
        return (flags[id] & REACHABLE) != 0;
    }

    /** The one candidate of {@code id}, as a new {@link Path}. */
    Path path(int id) {
        return Path.of(afi, high(id), low[id], length(id), Integer.toUnsignedLong(pathId[id]),
                (RouteAttributes) entry[id], source[id], reachable(id), stale[id]);
    }

    /** True when the one candidate of {@code id} is the one {@code peer} sent with {@code pathId}. */
    boolean isCandidateOf(int id, IpAddress peer, int pathId) {
        return this.pathId[id] == pathId && source[id].peerAddress().equals(peer);
    }

    /**
     * True when the one candidate of {@code id} is, for everyone downstream, the same route as the
     * one these fields describe (see {@link Path#sameRoute}).
     */
    boolean sameRoute(int id, int routePathId, RouteAttributes attributes, RouteSource routeSource, boolean reachable) {
        Object held = entry[id];
        return pathId[id] == routePathId && reachable(id) == reachable
                && (held == attributes || held.equals(attributes))
                && source[id].equals(routeSource);
    }

    /** The attributes of the one candidate of {@code id}. */
    RouteAttributes attributes(int id) {
        return (RouteAttributes) entry[id];
    }

    /** The source of the one candidate of {@code id}. */
    RouteSource source(int id) {
        return source[id];
    }

    /** The stale epoch of the one candidate of {@code id}. */
    int staleEpoch(int id) {
        return stale[id];
    }

    /** Whether the one candidate of {@code id} came from {@code peer}. */
    boolean from(int id, IpAddress peer) {
        return source[id].peerAddress().equals(peer);
    }
}
