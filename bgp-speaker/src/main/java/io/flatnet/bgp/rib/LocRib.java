package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.route.RouteAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The Loc-RIB of one address family (RFC 4271 §3.2): for each prefix, the candidate paths from all
 * peers and local origination, and the best path and ECMP set chosen among them. Each change
 * re-runs the {@link BestPathSelector} for that prefix and, when the best path or ECMP set changed,
 * tells the listeners with a {@link BestPathChange}. Changed only by {@link Rib}, on the RIB thread.
 *
 * <p>Memory: prefixes are stored by id in columns ({@link PrefixColumns}), a prefix with one
 * candidate (nearly all of a full table) without any object of its own; only prefixes with several
 * candidates get a small entry holding the candidates and the last result ({@link Candidates}).
 * A {@link Path} read from here is made for the reader: compare paths with
 * {@link Path#sameRoute}, never by identity. The Adj-RIB-In has no table of its own:
 * it is a view of these candidates by peer ({@link AdjRibIn}).
 *
 * <p>Each prefix has a small-integer id ({@link PrefixColumns}). {@link ChangedPrefixListener}s
 * are told ids, and read the prefix and its best path back by id, which lets the outbound path
 * keep its per-prefix state in arrays instead of a second table keyed by prefix.
 */
public final class LocRib {
    private final Afi afi;
    private final BestPathSelector selector;
    private final PrefixColumns columns;
    private final PrefixTable table;
    /** Copy on write; read once per change without allocating an iterator (a million a full table). */
    private final AtomicReference<BestPathListener[]> listeners = new AtomicReference<>(new BestPathListener[0]);
    private final AtomicReference<ChangedPrefixListener[]> prefixListeners =
            new AtomicReference<>(new ChangedPrefixListener[0]);
    private int pathCount;

    public LocRib(Afi afi, BestPathSelector selector) {
        this.afi = Objects.requireNonNull(afi, "afi");
        this.selector = Objects.requireNonNull(selector, "selector");
        this.columns = new PrefixColumns(afi);
        this.table = new PrefixTable(columns);
    }

    public Afi afi() {
        return afi;
    }

    /** Prefixes with at least one candidate. */
    public int prefixCount() {
        return table.size();
    }

    /** Candidate paths over all prefixes. */
    public int pathCount() {
        return pathCount;
    }

    public void addListener(BestPathListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.updateAndGet(old -> with(old, listener));
    }

    public void removeListener(BestPathListener listener) {
        listeners.updateAndGet(old -> without(old, listener, new BestPathListener[0]));
    }

    /** Adds a listener told only which prefix changed (see {@link ChangedPrefixListener}). */
    public void addPrefixListener(ChangedPrefixListener listener) {
        Objects.requireNonNull(listener, "listener");
        prefixListeners.updateAndGet(old -> with(old, listener));
    }

    private static <L> L[] with(L[] all, L listener) {
        L[] now = Arrays.copyOf(all, all.length + 1);
        now[all.length] = listener;
        return now;
    }

    private static <L> L[] without(L[] all, L listener, L[] empty) {
        List<L> now = new ArrayList<>(Arrays.asList(all));
        now.remove(listener);
        return now.toArray(empty);
    }

    /** The current decision for {@code prefix}; {@link BestPathResult#NONE} when it has no candidates. */
    public BestPathResult best(IpPrefix prefix) {
        int id = lookup(prefix);
        return id < 0 ? BestPathResult.NONE : resultOf(id);
    }

    public List<Path> candidates(IpPrefix prefix) {
        int id = lookup(prefix);
        if (id < 0) {
            return List.of();
        }
        Candidates c = columns.multi(id);
        return c == null ? List.of(columns.path(id)) : List.of(c.paths);
    }

    /**
     * Calls {@code action} with the candidates and the decision of every prefix, those without a
     * best path (every next hop unreachable) included: what an operator's route listing shows.
     */
    public void forEachPrefix(BiConsumer<List<Path>, BestPathResult> action) {
        table.forEach(id -> readPrefix(id, action));
    }

    /**
     * {@link #forEachPrefix} for up to {@code slots} slots of the table from {@code from}: one chunk
     * of a walk that spans several RIB tasks, so a reader of a full table does not hold the RIB
     * thread for all of it. Returns where the next chunk starts.
     */
    public TableWalk walk(TableWalk from, int slots, BiConsumer<List<Path>, BestPathResult> action) {
        return table.walk(from, slots, id -> readPrefix(id, action));
    }

    private void readPrefix(int id, BiConsumer<List<Path>, BestPathResult> action) {
        Candidates c = columns.multi(id);
        if (c == null) {
            Path p = columns.path(id);
            action.accept(List.of(p), single(p));
        } else {
            action.accept(List.of(c.paths), c.result());
        }
    }

    // Reading by prefix id, for the listeners of ChangedPrefixListener (see PrefixColumns).

    /** The id of {@code prefix}, or -1 when it has no candidates. */
    public int idOf(IpPrefix prefix) {
        return lookup(prefix);
    }

    /** One more than the highest prefix id in use. */
    public int idLimit() {
        return columns.limit();
    }

    /** The prefix of {@code id}, one with candidates or one removed since the last {@link #releaseRetired()}. */
    public IpPrefix prefixOf(int id) {
        return columns.prefix(id);
    }

    /** The high 64 bits of the prefix of {@code id} (0 for IPv4); see {@link #prefixOf}. */
    public long prefixHigh(int id) {
        return columns.high(id);
    }

    /** The low 64 bits of the prefix of {@code id} (for IPv4, the address in the low 32); see {@link #prefixOf}. */
    public long prefixLow(int id) {
        return columns.low(id);
    }

    /** The length of the prefix of {@code id}; see {@link #prefixOf}. */
    public int prefixLength(int id) {
        return columns.length(id);
    }

    /** Adds the prefix of {@code id} to {@code b} with {@code pathId}, without making an {@link IpPrefix}; see {@link #prefixOf}. */
    public void addPrefixTo(NlriList.Builder b, long pathId, int id) {
        columns.addTo(b, pathId, id);
    }

    /** The best path of the prefix {@code id} names, or null (no usable candidate, or removed). */
    public Path bestPathOf(int id) {
        if (!columns.held(id)) {
            return null;
        }
        Candidates c = columns.multi(id);
        if (c != null) {
            return c.best;
        }
        return columns.reachable(id) ? columns.path(id) : null;
    }

    /**
     * The attributes of the best path of the prefix {@code id} names, or null (no usable
     * candidate, or removed): with {@link #bestSourceOf}, {@link #bestPathOf} without making a
     * {@link Path}, for the outbound path, which reads these two a million times a full table.
     */
    public RouteAttributes bestAttributesOf(int id) {
        Candidates c = columns.multi(id);
        if (c != null) {
            return c.best == null ? null : c.best.attributes();
        }
        return columns.single(id) && columns.reachable(id) ? columns.attributes(id) : null;
    }

    /** The source of the best path of the prefix {@code id} names, or null; see {@link #bestAttributesOf}. */
    public RouteSource bestSourceOf(int id) {
        Candidates c = columns.multi(id);
        if (c != null) {
            return c.best == null ? null : c.best.source();
        }
        return columns.single(id) && columns.reachable(id) ? columns.source(id) : null;
    }

    /** {@link #best(IpPrefix)} by id: {@link BestPathResult#NONE} for a removed prefix. */
    public BestPathResult bestOf(int id) {
        return columns.held(id) ? resultOf(id) : BestPathResult.NONE;
    }

    /** Calls {@code action} with the id of every prefix that has a best path. */
    public void forEachBestId(IntConsumer action) {
        table.forEach(id -> {
            Candidates c = columns.multi(id);
            if (c == null ? columns.reachable(id) : c.best != null) {
                action.accept(id);
            }
        });
    }

    /**
     * Frees the ids of the prefixes removed since the last call: their listeners have read them.
     * Until then such an id keeps naming its prefix and a prefix added again gets a new id.
     */
    public void releaseRetired() {
        columns.releaseRetired();
    }

    /**
     * Adds {@code path} as a candidate, replacing the one from the same peer with the same path id.
     * A path that repeats the candidate it would replace (same route, same stale epoch) changes
     * nothing. Returns true when the prefix has one candidate more (none was replaced).
     */
    boolean put(Path path) {
        checkFamily(path);
        return put(path.keyHigh(), path.keyLow(), path.keyLength(), path.keyPathId(), path.attributes(), path.source(),
                path.nextHopReachable(), path.staleEpoch());
    }

    /**
     * {@link #put(Path)} from the fields of the path: a prefix with one candidate (nearly every
     * prefix of a full table) then costs no {@link Path} at all. {@code high}, {@code low} and
     * {@code length} must be canonical (host bits zero), and of this Loc-RIB's family.
     */
    boolean put(long high, long low, int length, int pathId, RouteAttributes attributes, RouteSource source,
            boolean reachable, int staleEpoch) {
        int index = table.indexOf(high, low, length);
        if (index < 0) {
            int id = columns.allocate(high, low, length);
            columns.setSingle(id, pathId, attributes, source, reachable, staleEpoch);
            table.insertAt(index, id);
            pathCount++;
            if (reachable) {
                singleChanged(id, null, listeners.get().length == 0 ? null : columns.path(id));
            }
            return true;
        }
        int id = table.idAt(index);
        Candidates c = columns.multi(id);
        if (c == null && columns.isCandidateOf(id, source.peerAddress(), pathId)) {
            replaceSingle(id, pathId, attributes, source, reachable, staleEpoch);
            return false;
        }
        Path path = Path.of(afi, high, low, length, Integer.toUnsignedLong(pathId), attributes, source, reachable,
                staleEpoch);
        if (c == null) {
            Path old = columns.path(id);
            BestPathResult before = single(old);
            c = new Candidates(new Path[] {old, path}, id);
            BestPathResult after = c.select(selector);
            columns.setMulti(id, c);
            pathCount++;
            changed(id, before, after);
            return true;
        }
        int at = c.indexOf(path);
        Path old = at < 0 ? null : c.paths[at];
        if (old != null && repeats(old, path)) {
            return false;
        }
        BestPathResult before = c.result();
        if (old != null) {
            c.paths[at] = path;
        } else {
            c.add(path);
            pathCount++;
        }
        changed(id, before, c.select(selector));
        return old == null;
    }

    /** The route these fields describe replaces the one candidate of {@code id}, which came from the same peer with the same path id. */
    private void replaceSingle(int id, int pathId, RouteAttributes attributes, RouteSource source, boolean reachable,
            int staleEpoch) {
        boolean wasBest = columns.reachable(id);
        boolean sameRoute = columns.sameRoute(id, pathId, attributes, source, reachable);
        if (sameRoute && columns.staleEpoch(id) == staleEpoch) {
            return; // a repeat: nothing changes
        }
        boolean sameBest = wasBest ? reachable && sameRoute : !reachable;
        boolean wanted = !sameBest && listeners.get().length > 0;
        Path before = wanted ? columns.path(id) : null;
        columns.setSingle(id, pathId, attributes, source, reachable, staleEpoch);
        if (!sameBest) {
            singleChanged(id, before, wanted ? columns.path(id) : null);
        }
    }

    /**
     * Removes the candidate of the prefix from {@code peer} with {@code pathId}; returns false
     * when there is none.
     */
    boolean remove(long high, long low, int length, IpAddress peer, int pathId) {
        int index = table.indexOf(high, low, length);
        if (index < 0) {
            return false;
        }
        int id = table.idAt(index);
        Candidates c = columns.multi(id);
        if (c == null) {
            if (!columns.isCandidateOf(id, peer, pathId)) {
                return false;
            }
            boolean wasBest = columns.reachable(id);
            Path before = wasBest && listeners.get().length > 0 ? columns.path(id) : null;
            table.removeAt(index);
            columns.retire(id, prefixListeners.get().length > 0);
            pathCount--;
            if (wasBest) {
                singleChanged(id, before, null);
            }
            return true;
        }
        int at = c.indexOf(peer, pathId);
        if (at < 0) {
            return false;
        }
        BestPathResult before = c.result();
        c.removeAt(at);
        pathCount--;
        BestPathResult after;
        if (c.paths.length == 1) {
            Path last = c.paths[0];
            columns.setSingle(id, last);
            after = single(last);
        } else {
            after = c.select(selector);
        }
        changed(id, before, after);
        return true;
    }

    /** The candidate of {@code prefix} from {@code peer} with {@code pathId}, or null. */
    Path candidate(IpPrefix prefix, IpAddress peer, int pathId) {
        int id = lookup(prefix);
        if (id < 0) {
            return null;
        }
        Candidates c = columns.multi(id);
        if (c == null) {
            return columns.isCandidateOf(id, peer, pathId) ? columns.path(id) : null;
        }
        int at = c.indexOf(peer, pathId);
        return at < 0 ? null : c.paths[at];
    }

    /** Calls {@code action} with every candidate {@code peer} sent. */
    void forEachCandidateOf(IpAddress peer, Consumer<Path> action) {
        table.forEach(id -> candidatesOf(id, peer, action));
    }

    /**
     * The prefixes and path ids of {@code peer}'s candidates, those whose stale epoch is not
     * {@code freshEpoch} only when it is not negative: what a session's end or a graceful-restart
     * sweep removes, as 13 octets an entry rather than a {@link Path} (a peer's full table is a
     * million of them, all read before the first is removed).
     */
    NlriList keysOf(IpAddress peer, int freshEpoch, int expected) {
        NlriList.Builder b = NlriList.builder(afi, true, Math.max(1, expected));
        table.forEach(id -> {
            Candidates c = columns.multi(id);
            if (c == null) {
                if (columns.from(id, peer) && (freshEpoch < 0 || columns.staleEpoch(id) != freshEpoch)) {
                    columns.addTo(b, Integer.toUnsignedLong(columns.pathId(id)), id);
                }
                return;
            }
            for (Path p : c.paths) {
                if (p.source().peerAddress().equals(peer) && (freshEpoch < 0 || p.staleEpoch() != freshEpoch)) {
                    columns.addTo(b, p.pathId(), id);
                }
            }
        });
        return b.build();
    }

    /** {@link #forEachCandidateOf} for up to {@code slots} slots from {@code from}, see {@link TableWalk}. */
    TableWalk walkCandidatesOf(IpAddress peer, TableWalk from, int slots, Consumer<Path> action) {
        return table.walk(from, slots, id -> candidatesOf(id, peer, action));
    }

    private void candidatesOf(int id, IpAddress peer, Consumer<Path> action) {
        Candidates c = columns.multi(id);
        if (c == null) {
            if (columns.from(id, peer)) {
                action.accept(columns.path(id));
            }
            return;
        }
        for (Path p : c.paths) {
            if (p.source().peerAddress().equals(peer)) {
                action.accept(p);
            }
        }
    }

    /** True when {@code next} would change nothing downstream and leaves the stale mark as it is. */
    private static boolean repeats(Path old, Path next) {
        return old.staleEpoch() == next.staleEpoch() && old.sameRoute(next);
    }

    private BestPathResult resultOf(int id) {
        Candidates c = columns.multi(id);
        return c == null ? single(columns.path(id)) : c.result();
    }

    /**
     * The best path of a prefix with one candidate went from {@code before} to {@code after}
     * (either null for none; both are null when no {@link BestPathListener} is attached, which
     * needs no path). Builds the {@link BestPathResult}s only for listeners that want them: a
     * full-table load passes here a million times.
     */
    private void singleChanged(int id, Path before, Path after) {
        tellPrefixListeners(id);
        BestPathListener[] all = listeners.get();
        if (all.length > 0) {
            tell(all, new BestPathChange(columns.prefix(id), before == null ? BestPathResult.NONE : single(before),
                    after == null ? BestPathResult.NONE : single(after)));
        }
    }

    private void changed(int id, BestPathResult before, BestPathResult after) {
        if (before.sameRoutes(after)) {
            return;
        }
        tellPrefixListeners(id);
        BestPathListener[] all = listeners.get();
        if (all.length > 0) {
            tell(all, new BestPathChange(columns.prefix(id), before, after));
        }
    }

    private void tellPrefixListeners(int id) {
        for (ChangedPrefixListener l : prefixListeners.get()) {
            l.prefixChanged(afi, id);
        }
    }

    private static void tell(BestPathListener[] all, BestPathChange change) {
        for (BestPathListener l : all) {
            l.bestPathChanged(change);
        }
    }

    /** The id of {@code prefix}, or -1. */
    private int lookup(IpPrefix prefix) {
        if (prefix.afi() != afi) {
            return -1;
        }
        return table.get(prefix.high(), prefix.low(), prefix.length());
    }

    private void checkFamily(Path path) {
        if (path.afi() != afi) {
            throw new IllegalArgumentException("a " + path.afi() + " path in the " + afi + " Loc-RIB: " + path);
        }
    }

    /** The decision for a prefix with one candidate, made without the selector. */
    private static BestPathResult single(Path p) {
        return p.nextHopReachable()
                ? new BestPathResult(Optional.of(p), BestPathReason.ONLY_PATH, List.of(p))
                : new BestPathResult(Optional.empty(), BestPathReason.NEXT_HOP_UNREACHABLE, List.of());
    }
}
