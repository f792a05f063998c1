package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpPrefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The Loc-RIB of one address family (RFC 4271 §3.2): for each prefix, the candidate paths from all
 * peers and local origination, and the best path and ECMP set chosen among them. Each change
 * re-runs the {@link BestPathSelector} for that prefix and, when the best path or ECMP set changed,
 * tells the listeners with a {@link BestPathChange}. Changed only by {@link Rib}, on the RIB thread.
 *
 * <p>Memory: a prefix with one candidate is stored as that {@link Path} itself, one reference in an
 * open-addressing table; only prefixes with several candidates get a small entry holding the
 * candidates and the last result.
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
    /** Copy on write; read once per change without allocating an iterator (a million a full table). */
    private final AtomicReference<BestPathListener[]> listeners = new AtomicReference<>(new BestPathListener[0]);
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
        listeners.updateAndGet(old -> {
            BestPathListener[] now = Arrays.copyOf(old, old.length + 1);
            now[old.length] = listener;
            return now;
        });
    }

    public void removeListener(BestPathListener listener) {
        listeners.updateAndGet(old -> {
            List<BestPathListener> now = new ArrayList<>(Arrays.asList(old));
            now.remove(listener);
            return now.toArray(new BestPathListener[0]);
        });
    }

    /** The current decision for {@code prefix}; {@link BestPathResult#NONE} when it has no candidates. */
    public BestPathResult best(IpPrefix prefix) {
        Object slot = lookup(prefix);
        if (slot == null) {
            return BestPathResult.NONE;
        }
        return slot instanceof Path p ? single(p) : ((Candidates) slot).result();
    }

    /**
     * The best path of {@code prefix}, or null: {@link #best}'s answer without building a
     * {@link BestPathResult}, for the outbound path that needs nothing else.
     */
    public Path bestPath(IpPrefix prefix) {
        Object slot = lookup(prefix);
        if (slot == null) {
            return null;
        }
        if (slot instanceof Path p) {
            return p.nextHopReachable() ? p : null;
        }
        return ((Candidates) slot).best;
    }

    public List<Path> candidates(IpPrefix prefix) {
        Object slot = lookup(prefix);
        if (slot == null) {
            return List.of();
        }
        return slot instanceof Path p ? List.of(p) : List.of(((Candidates) slot).paths);
    }

    /** Calls {@code action} with the decision of every prefix that has a best path. */
    public void forEachBest(Consumer<BestPathResult> action) {
        table.forEach(slot -> {
            BestPathResult r = slot instanceof Path p ? single(p) : ((Candidates) slot).result();
            if (r.hasBest()) {
                action.accept(r);
            }
        });
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

    /** Adds {@code path} as a candidate, replacing the one from the same peer with the same path id. */
    void put(Path path) {
        checkFamily(path);
        int index = table.indexOf(path.keyHigh(), path.keyLow(), path.keyLength(), 0);
        Object slot = index < 0 ? null : table.at(index);
        BestPathResult before;
        BestPathResult after;
        if (slot == null) {
            table.insertAt(index, path);
            pathCount++;
            before = BestPathResult.NONE;
            after = single(path);
        } else if (slot instanceof Path old) {
            before = single(old);
            if (old.sameCandidate(path)) {
                table.replaceAt(index, path);
                after = single(path);
            } else {
                Candidates c = new Candidates(new Path[] {old, path});
                after = c.select(selector);
                table.replaceAt(index, c);
                pathCount++;
            }
        } else {
            Candidates c = (Candidates) slot;
            before = c.result();
            if (!c.replace(path)) {
                c.add(path);
                pathCount++;
            }
            after = c.select(selector);
        }
        announce(path, before, after);
    }

    /** Removes the candidate from {@code path}'s peer with its path id, if there is one. */
    void remove(Path path) {
        checkFamily(path);
        int index = table.indexOf(path.keyHigh(), path.keyLow(), path.keyLength(), 0);
        Object slot = index < 0 ? null : table.at(index);
        BestPathResult before;
        BestPathResult after;
        if (slot == null) {
            return;
        } else if (slot instanceof Path old) {
            if (!old.sameCandidate(path)) {
                return;
            }
            table.removeAt(index);
            pathCount--;
            before = single(old);
            after = BestPathResult.NONE;
        } else {
            Candidates c = (Candidates) slot;
            before = c.result();
            if (!c.remove(path)) {
                return;
            }
            pathCount--;
            if (c.paths.length == 1) {
                Path last = c.paths[0];
                table.replaceAt(index, last);
                after = single(last);
            } else {
                after = c.select(selector);
            }
        }
        announce(path, before, after);
    }

    private void announce(Path path, BestPathResult before, BestPathResult after) {
        BestPathListener[] all = listeners.get();
        if (all.length == 0 || before.sameRoutes(after)) {
            return;
        }
        BestPathChange change = new BestPathChange(path.prefix(), before, after);
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

    /** Two or more candidates of one prefix, and the last decision among them. */
    private static final class Candidates {
        Path[] paths;
        /** The best path, or null; with {@link #moreEcmp}, the ECMP set. */
        Path best;
        Path[] moreEcmp;
        BestPathReason reason;

        Candidates(Path[] paths) {
            this.paths = paths;
        }

        boolean replace(Path path) {
            for (int i = 0; i < paths.length; i++) {
                if (paths[i].sameCandidate(path)) {
                    paths[i] = path;
                    return true;
                }
            }
            return false;
        }

        void add(Path path) {
            paths = Arrays.copyOf(paths, paths.length + 1);
            paths[paths.length - 1] = path;
        }

        boolean remove(Path path) {
            for (int i = 0; i < paths.length; i++) {
                if (paths[i].sameCandidate(path)) {
                    Path[] out = new Path[paths.length - 1];
                    System.arraycopy(paths, 0, out, 0, i);
                    System.arraycopy(paths, i + 1, out, i, paths.length - i - 1);
                    paths = out;
                    return true;
                }
            }
            return false;
        }

        BestPathResult select(BestPathSelector selector) {
            BestPathResult r = selector.select(Arrays.asList(paths));
            best = r.best().orElse(null);
            moreEcmp = r.ecmp().size() > 1 ? r.ecmp().subList(1, r.ecmp().size()).toArray(new Path[0]) : null;
            reason = r.reason();
            return r;
        }

        BestPathResult result() {
            if (best == null) {
                return new BestPathResult(Optional.empty(), reason, List.of());
            }
            List<Path> ecmp = new ArrayList<>(1 + (moreEcmp == null ? 0 : moreEcmp.length));
            ecmp.add(best);
            if (moreEcmp != null) {
                ecmp.addAll(Arrays.asList(moreEcmp));
            }
            return new BestPathResult(Optional.of(best), reason, ecmp);
        }
    }
}
