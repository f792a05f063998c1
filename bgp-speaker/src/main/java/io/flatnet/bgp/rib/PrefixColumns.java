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
 * copied and every full one traced; as columns they are a few paged arrays, 24 octets a prefix (32
 * for IPv6) against 44 for a path and its reference. A {@link Path} is made on demand for a reader
 * ({@link #path}) and dies young.
 *
 * <p>Ids: a prefix keeps its id while it has candidates. When the last one goes the id is retired,
 * not freed: the change listeners still have to read the prefix (to withdraw it), so its key stays
 * until {@link #releaseRetired()}. With nobody listening, ids are freed at once. Freed ids are used
 * again (lowest first) before new ones are taken, so the id space stays as large as the largest
 * table held. The
 * outbound path keeps its state per prefix in arrays indexed by these ids (see {@code UpdateGroup}).
 * RIB thread only.
 */
final class PrefixColumns {
    private static final byte REACHABLE = 1;
    /**
     * Columns are paged: once a column holds a page's worth of ids it grows by whole pages, never
     * by copying. Doubling a column of a million ids copied it and left the old copy for a full
     * collection to find: with the table's own resizes, a full-table load left about 40 MB of such
     * garbage in the old generation.
     */
    private static final int PAGE_BITS = 14;
    private static final int PAGE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE - 1;

    private final Afi afi;
    /** Ids the columns have room for: the first page's length while it is the only one, else pages times {@link #PAGE}. */
    private int capacity;
    /** The high 64 bits of an IPv6 prefix; null for IPv4. */
    private long[][] high;
    private long[][] low = new long[1][];
    private byte[][] length = new byte[1][];
    /**
     * Per id: the one candidate's {@link RouteAttributes}, or the {@link Candidates} of a prefix
     * with several, or null (a retired or free id: no candidates).
     */
    private Object[][] entry = new Object[1][];
    private RouteSource[][] source = new RouteSource[1][];
    private int[][] pathId = new int[1][];
    private char[][] stale = new char[1][];
    private byte[][] flags = new byte[1][];
    private int limit;
    /**
     * Free ids, a bit each: a withdrawn full table frees a million ids, which as a stack of ints
     * took 4 MB (grown by copying, in the middle of the withdrawal); as bits, 128 KB.
     */
    private long[] freeBits = new long[1];
    private int freeCount;
    /** No free id lies in a word below this one. */
    private int freeWord;
    private int[] retired = new int[16];
    private int retiredCount;

    PrefixColumns(Afi afi) {
        this.afi = afi;
        high = afi == Afi.IPV6 ? new long[1][] : null;
        resizeFirstPage(16);
    }

    /** Room for one id more: the first page doubles up to a full page, then whole pages are added. */
    private void grow() {
        if (capacity < PAGE) {
            resizeFirstPage(Math.min(PAGE, capacity * 2));
            return;
        }
        int page = capacity >>> PAGE_BITS;
        if (page == low.length) {
            int pages = page * 2;
            high = high == null ? null : Arrays.copyOf(high, pages);
            low = Arrays.copyOf(low, pages);
            length = Arrays.copyOf(length, pages);
            entry = Arrays.copyOf(entry, pages);
            source = Arrays.copyOf(source, pages);
            pathId = Arrays.copyOf(pathId, pages);
            stale = Arrays.copyOf(stale, pages);
            flags = Arrays.copyOf(flags, pages);
        }
        if (high != null) {
            high[page] = new long[PAGE];
        }
        low[page] = new long[PAGE];
        length[page] = new byte[PAGE];
        entry[page] = new Object[PAGE];
        source[page] = new RouteSource[PAGE];
        pathId[page] = new int[PAGE];
        stale[page] = new char[PAGE];
        flags[page] = new byte[PAGE];
        capacity += PAGE;
    }

    private void resizeFirstPage(int size) {
        if (high != null) {
            high[0] = high[0] == null ? new long[size] : Arrays.copyOf(high[0], size);
        }
        low[0] = low[0] == null ? new long[size] : Arrays.copyOf(low[0], size);
        length[0] = length[0] == null ? new byte[size] : Arrays.copyOf(length[0], size);
        entry[0] = entry[0] == null ? new Object[size] : Arrays.copyOf(entry[0], size);
        source[0] = source[0] == null ? new RouteSource[size] : Arrays.copyOf(source[0], size);
        pathId[0] = pathId[0] == null ? new int[size] : Arrays.copyOf(pathId[0], size);
        stale[0] = stale[0] == null ? new char[size] : Arrays.copyOf(stale[0], size);
        flags[0] = flags[0] == null ? new byte[size] : Arrays.copyOf(flags[0], size);
        capacity = size;
    }

    // Keys, for the PrefixTable too.

    long high(int id) {
        return high == null ? 0 : high[id >>> PAGE_BITS][id & PAGE_MASK];
    }

    long low(int id) {
        return low[id >>> PAGE_BITS][id & PAGE_MASK];
    }

    int length(int id) {
        return length[id >>> PAGE_BITS][id & PAGE_MASK] & 0xFF;
    }

    IpPrefix prefix(int id) {
        return new IpPrefix(afi, high(id), low(id), length(id));
    }

    /** Adds the prefix of {@code id} to {@code b}. */
    void addTo(NlriList.Builder b, long routePathId, int id) {
        if (high == null) {
            b.addV4(routePathId, (int) low(id), length(id));
        } else {
            b.addV6(routePathId, high(id), low(id), length(id));
        }
    }

    // Ids.

    /** A new id for a prefix (the key only; {@link #setSingle} or {@link #setMulti} gives it routes). */
    int allocate(long prefixHigh, long prefixLow, int prefixLength) {
        int id;
        if (freeCount > 0) {
            id = takeFree();
        } else {
            id = limit++;
            if (id == capacity) {
                grow();
            }
        }
        int page = id >>> PAGE_BITS;
        int at = id & PAGE_MASK;
        if (high != null) {
            high[page][at] = prefixHigh;
        }
        low[page][at] = prefixLow;
        length[page][at] = (byte) prefixLength;
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
        int word = id >>> 6;
        if (word >= freeBits.length) {
            freeBits = Arrays.copyOf(freeBits, Math.max(word + 1, freeBits.length * 2));
        }
        freeBits[word] |= 1L << id;
        freeCount++;
        freeWord = Math.min(freeWord, word);
    }

    /** The lowest free id, taken; there must be one. */
    private int takeFree() {
        for (int word = freeWord; ; word++) {
            long bits = freeBits[word];
            if (bits != 0) {
                freeBits[word] = bits & (bits - 1);
                freeCount--;
                freeWord = word;
                return (word << 6) + Long.numberOfTrailingZeros(bits);
            }
        }
    }

    // Routes. Each accessor reads its column's page ({@code id >>> PAGE_BITS}) at {@code id & PAGE_MASK}.

    /** True when {@code id} has candidates (it is neither retired nor free). */
    boolean held(int id) {
        return entry(id) != null;
    }

    /** The {@link Candidates} of {@code id}, or null when it has one candidate or none. */
    Candidates multi(int id) {
        return entry(id) instanceof Candidates c ? c : null;
    }

    /** True when {@code id} has exactly one candidate, held in the route columns. */
    boolean single(int id) {
        return entry(id) instanceof RouteAttributes;
    }

    private Object entry(int id) {
        return entry[id >>> PAGE_BITS][id & PAGE_MASK];
    }

    void setMulti(int id, Candidates c) {
        clearRoute(id);
        entry[id >>> PAGE_BITS][id & PAGE_MASK] = c;
    }

    /** Makes {@code path} the one candidate of {@code id}. */
    void setSingle(int id, Path path) {
        setSingle(id, path.keyPathId(), path.attributes(), path.source(), path.nextHopReachable(), path.staleEpoch());
    }

    /** Makes the route these fields describe (see {@link Path}) the one candidate of {@code id}. */
    void setSingle(int id, int routePathId, RouteAttributes attributes, RouteSource routeSource, boolean reachable,
            int staleEpoch) {
        int page = id >>> PAGE_BITS;
        int at = id & PAGE_MASK;
        entry[page][at] = attributes;
        source[page][at] = routeSource;
        pathId[page][at] = routePathId;
        stale[page][at] = (char) staleEpoch;
        flags[page][at] = reachable ? REACHABLE : 0;
    }

    private void clearRoute(int id) {
        int page = id >>> PAGE_BITS;
        int at = id & PAGE_MASK;
        entry[page][at] = null;
        source[page][at] = null; // not held past its session's end
    }

    /** Whether the one candidate of {@code id} has a reachable next hop. */
    boolean reachable(int id) {
        return (flags[id >>> PAGE_BITS][id & PAGE_MASK] & REACHABLE) != 0;
    }

    /** The one candidate of {@code id}, as a new {@link Path}. */
    Path path(int id) {
        return Path.of(afi, high(id), low(id), length(id), Integer.toUnsignedLong(pathId(id)), attributes(id), source(id),
                reachable(id), staleEpoch(id));
    }

    /** True when the one candidate of {@code id} is the one {@code peer} sent with {@code routePathId}. */
    boolean isCandidateOf(int id, IpAddress peer, int routePathId) {
        return pathId(id) == routePathId && source(id).peerAddress().equals(peer);
    }

    /**
     * True when the one candidate of {@code id} is, for everyone downstream, the same route as the
     * one these fields describe (see {@link Path#sameRoute}).
     */
    boolean sameRoute(int id, int routePathId, RouteAttributes attributes, RouteSource routeSource, boolean reachable) {
        RouteAttributes held = attributes(id);
        return pathId(id) == routePathId && reachable(id) == reachable
                && (held == attributes || held.equals(attributes))
                && source(id).equals(routeSource);
    }

    /** The attributes of the one candidate of {@code id}. */
    RouteAttributes attributes(int id) {
        return (RouteAttributes) entry(id);
    }

    /** The source of the one candidate of {@code id}. */
    RouteSource source(int id) {
        return source[id >>> PAGE_BITS][id & PAGE_MASK];
    }

    /** The add-path id of the one candidate of {@code id} (unsigned 32 bits). */
    int pathId(int id) {
        return pathId[id >>> PAGE_BITS][id & PAGE_MASK];
    }

    /** The stale epoch of the one candidate of {@code id}. */
    int staleEpoch(int id) {
        return stale[id >>> PAGE_BITS][id & PAGE_MASK];
    }

    /** Whether the one candidate of {@code id} came from {@code peer}. */
    boolean from(int id, IpAddress peer) {
        return source(id).peerAddress().equals(peer);
    }
}
