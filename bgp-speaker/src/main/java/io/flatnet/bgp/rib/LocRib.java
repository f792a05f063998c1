package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
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
 * <p>Memory: a prefix with one candidate is stored as that {@link Path} itself, one reference in an
 * open-addressing table; only prefixes with several candidates get a small entry holding the
 * candidates and the last result ({@link Candidates}). The Adj-RIB-In has no table of its own:
 * it is a view of these candidates by peer ({@link AdjRibIn}).
 *
 * <p>Each prefix also has a small-integer id ({@link PrefixIds}). {@link ChangedPrefixListener}s
 * are told ids, and read the prefix and its best path back by id, which lets the outbound path
 * keep its per-prefix state in arrays instead of a second table keyed by prefix.
 */
public final class LocRib {
    private static final PrefixTable.Keys<Object> KEYS = new PrefixTable.Keys<>() {
        @Override
        public long high(Object e) {
            return first(e).keyHigh();
        }

        @Override
        public long low(Object e) {
            return first(e).keyLow();
        }

        @Override
        public int length(Object e) {
            return first(e).keyLength();
        }

        @Override
        public int pathId(Object e) {
            return 0;
        }

        private Path first(Object e) {
            return e instanceof Path p ? p : ((Candidates) e).paths[0];
        }
    };

    private final Afi afi;
    private final BestPathSelector selector;
    private final PrefixTable<Object> table = new PrefixTable<>(KEYS);
    private final PrefixIds ids = new PrefixIds();
    /** Copy on write; read once per change without allocating an iterator (a million a full table). */
    private final AtomicReference<BestPathListener[]> listeners = new AtomicReference<>(new BestPathListener[0]);
    private final AtomicReference<ChangedPrefixListener[]> prefixListeners =
            new AtomicReference<>(new ChangedPrefixListener[0]);
    private int pathCount;

    public LocRib(Afi afi, BestPathSelector selector) {
        this.afi = Objects.requireNonNull(afi, "afi");
        this.selector = Objects.requireNonNull(selector, "selector");
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
        Object slot = lookup(prefix);
        if (slot == null) {
            return BestPathResult.NONE;
        }
        return slot instanceof Path p ? single(p) : ((Candidates) slot).result();
    }

    public List<Path> candidates(IpPrefix prefix) {
        Object slot = lookup(prefix);
        if (slot == null) {
            return List.of();
        }
        return slot instanceof Path p ? List.of(p) : List.of(((Candidates) slot).paths);
    }

    /**
     * Calls {@code action} with the candidates and the decision of every prefix, those without a
     * best path (every next hop unreachable) included: what an operator's route listing shows.
     */
    public void forEachPrefix(BiConsumer<List<Path>, BestPathResult> action) {
        table.forEach(slot -> {
            if (slot instanceof Path p) {
                action.accept(List.of(p), single(p));
            } else {
                Candidates c = (Candidates) slot;
                action.accept(List.of(c.paths), c.result());
            }
        });
    }

    /**
     * {@link #forEachPrefix} for up to {@code slots} slots of the table from {@code from}: one chunk
     * of a walk that spans several RIB tasks, so a reader of a full table does not hold the RIB
     * thread for all of it. Returns where the next chunk starts.
     */
    public TableWalk walk(TableWalk from, int slots, BiConsumer<List<Path>, BestPathResult> action) {
        return table.walk(from, slots, slot -> {
            if (slot instanceof Path p) {
                action.accept(List.of(p), single(p));
            } else {
                Candidates c = (Candidates) slot;
                action.accept(List.of(c.paths), c.result());
            }
        });
    }

    // Reading by prefix id, for the listeners of ChangedPrefixListener (see PrefixIds).

    /** The id of {@code prefix}, or -1 when it has no candidates. */
    public int idOf(IpPrefix prefix) {
        Object slot = lookup(prefix);
        if (slot == null) {
            return -1;
        }
        return slot instanceof Path p ? p.prefixId : ((Candidates) slot).id;
    }

    /** One more than the highest prefix id in use. */
    public int idLimit() {
        return ids.limit();
    }

    /** The prefix of {@code id}, one with candidates or one removed since the last {@link #releaseRetired()}. */
    public IpPrefix prefixOf(int id) {
        Object e = ids.entry(id);
        if (e instanceof Path p) {
            return p.prefix();
        }
        return ((Candidates) e).paths[0].prefix();
    }

    /** The best path of the prefix {@code id} names, or null (no usable candidate, or removed). */
    public Path bestPathOf(int id) {
        if (ids.isRetired(id)) {
            return null;
        }
        Object e = ids.entry(id);
        if (e instanceof Path p) {
            return p.nextHopReachable() ? p : null;
        }
        return e instanceof Candidates c ? c.best : null;
    }

    /** {@link #best(IpPrefix)} by id: {@link BestPathResult#NONE} for a removed prefix. */
    public BestPathResult bestOf(int id) {
        if (ids.isRetired(id)) {
            return BestPathResult.NONE;
        }
        Object e = ids.entry(id);
        return e instanceof Path p ? single(p) : ((Candidates) e).result();
    }

    /** Calls {@code action} with the id of every prefix that has a best path. */
    public void forEachBestId(IntConsumer action) {
        table.forEach(slot -> {
            if (slot instanceof Path p) {
                if (p.nextHopReachable()) {
                    action.accept(p.prefixId);
                }
            } else if (((Candidates) slot).best != null) {
                action.accept(((Candidates) slot).id);
            }
        });
    }

    /**
     * Frees the ids of the prefixes removed since the last call: their listeners have read them.
     * Until then such an id keeps naming its prefix and a prefix added again gets a new id.
     */
    public void releaseRetired() {
        ids.releaseRetired();
    }

    /**
     * Adds {@code path} as a candidate, replacing the one from the same peer with the same path id,
     * and returns that one (null if there was none). A path that repeats the candidate it would
     * replace (same route, same stale epoch) changes nothing: the old one stays and is returned.
     */
    Path put(Path path) {
        checkFamily(path);
        int index = table.indexOf(path.keyHigh(), path.keyLow(), path.keyLength(), 0);
        if (index < 0) {
            table.insertAt(index, path);
            path.prefixId = ids.allocate(path);
            pathCount++;
            changedSingle(path, null, path);
            return null;
        }
        Object slot = table.at(index);
        if (slot instanceof Path old) {
            if (old.sameCandidate(path)) {
                if (!repeats(old, path)) {
                    table.replaceAt(index, path);
                    path.prefixId = old.prefixId;
                    ids.set(old.prefixId, path);
                    changedSingle(path, old, path);
                }
                return old;
            }
            BestPathResult before = single(old);
            Candidates c = new Candidates(new Path[] {old, path}, old.prefixId);
            path.prefixId = old.prefixId;
            BestPathResult after = c.select(selector);
            table.replaceAt(index, c);
            ids.set(c.id, c);
            pathCount++;
            changed(path, before, after);
            return null;
        }
        Candidates c = (Candidates) slot;
        int at = c.indexOf(path);
        Path old = at < 0 ? null : c.paths[at];
        if (old != null && repeats(old, path)) {
            return old;
        }
        path.prefixId = c.id;
        BestPathResult before = c.result();
        if (old != null) {
            c.paths[at] = path;
        } else {
            c.add(path);
            pathCount++;
        }
        changed(path, before, c.select(selector));
        return old;
    }

    /**
     * Removes the candidate of the prefix from {@code peer} with {@code pathId}, and returns it;
     * null if there is none.
     */
    Path remove(long high, long low, int length, IpAddress peer, int pathId) {
        int index = table.indexOf(high, low, length, 0);
        if (index < 0) {
            return null;
        }
        Object slot = table.at(index);
        if (slot instanceof Path old) {
            if (!old.isCandidateOf(peer, pathId)) {
                return null;
            }
            table.removeAt(index);
            ids.retire(old.prefixId, old, prefixListeners.get().length > 0);
            pathCount--;
            changedSingle(old, old, null);
            return old;
        }
        Candidates c = (Candidates) slot;
        int at = c.indexOf(peer, pathId);
        if (at < 0) {
            return null;
        }
        Path old = c.paths[at];
        BestPathResult before = c.result();
        c.removeAt(at);
        pathCount--;
        BestPathResult after;
        if (c.paths.length == 1) {
            Path last = c.paths[0];
            table.replaceAt(index, last);
            ids.set(c.id, last);
            after = single(last);
        } else {
            after = c.select(selector);
        }
        changed(old, before, after);
        return old;
    }

    /** The candidate of {@code prefix} from {@code peer} with {@code pathId}, or null. */
    Path candidate(IpPrefix prefix, IpAddress peer, int pathId) {
        Object slot = lookup(prefix);
        if (slot instanceof Path p) {
            return p.isCandidateOf(peer, pathId) ? p : null;
        }
        if (slot == null) {
            return null;
        }
        Candidates c = (Candidates) slot;
        int at = c.indexOf(peer, pathId);
        return at < 0 ? null : c.paths[at];
    }

    /** Calls {@code action} with every candidate {@code peer} sent. */
    void forEachCandidateOf(IpAddress peer, Consumer<Path> action) {
        table.forEach(slot -> candidatesOf(slot, peer, action));
    }

    /** {@link #forEachCandidateOf} for up to {@code slots} slots from {@code from}, see {@link TableWalk}. */
    TableWalk walkCandidatesOf(IpAddress peer, TableWalk from, int slots, Consumer<Path> action) {
        return table.walk(from, slots, slot -> candidatesOf(slot, peer, action));
    }

    private static void candidatesOf(Object slot, IpAddress peer, Consumer<Path> action) {
        if (slot instanceof Path p) {
            if (p.source().peerAddress().equals(peer)) {
                action.accept(p);
            }
            return;
        }
        for (Path p : ((Candidates) slot).paths) {
            if (p.source().peerAddress().equals(peer)) {
                action.accept(p);
            }
        }
    }

    /** True when {@code next} would change nothing downstream and leaves the stale mark as it is. */
    private static boolean repeats(Path old, Path next) {
        return old.staleEpoch() == next.staleEpoch() && old.sameRoute(next);
    }

    /**
     * A prefix whose only candidate went from {@code before} to {@code after} (either may be null):
     * tells the listeners if the best path changed, and builds the {@link BestPathResult}s only for
     * listeners that want them: a full-table load passes here a million times.
     */
    private void changedSingle(Path key, Path before, Path after) {
        Path bestBefore = before != null && before.nextHopReachable() ? before : null;
        Path bestAfter = after != null && after.nextHopReachable() ? after : null;
        if (bestBefore == null ? bestAfter == null : bestBefore.sameRoute(bestAfter)) {
            return;
        }
        tellPrefixListeners(key);
        BestPathListener[] all = listeners.get();
        if (all.length > 0) {
            tell(all, new BestPathChange(key.prefix(), before == null ? BestPathResult.NONE : single(before),
                    after == null ? BestPathResult.NONE : single(after)));
        }
    }

    private void changed(Path key, BestPathResult before, BestPathResult after) {
        if (before.sameRoutes(after)) {
            return;
        }
        tellPrefixListeners(key);
        BestPathListener[] all = listeners.get();
        if (all.length > 0) {
            tell(all, new BestPathChange(key.prefix(), before, after));
        }
    }

    private void tellPrefixListeners(Path key) {
        for (ChangedPrefixListener l : prefixListeners.get()) {
            l.prefixChanged(afi, key.prefixId);
        }
    }

    private static void tell(BestPathListener[] all, BestPathChange change) {
        for (BestPathListener l : all) {
            l.bestPathChanged(change);
        }
    }

    private Object lookup(IpPrefix prefix) {
        if (prefix.afi() != afi) {
            return null;
        }
        return table.get(prefix.high(), prefix.low(), prefix.length(), 0);
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
