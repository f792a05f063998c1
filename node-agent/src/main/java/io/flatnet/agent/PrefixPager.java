package io.flatnet.agent;

import io.flatnet.agent.api.AgentState.Page;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.rib.TableWalk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * One page of a route listing: the {@code limit} lowest prefixes after a cursor, each with its
 * row, gathered from RIB tables that are walked a chunk per RIB task. The tables are hash tables
 * in no order, so every page reads every slot; what it keeps is bounded by the page, never the
 * table, and between chunks the RIB thread goes back to UPDATEs. At 1M routes and 1000 a page a
 * page costs a full walk in about 130 tasks of {@link #SLOTS_PER_TASK} slots.
 *
 * <p>{@link #offer} runs on the RIB thread (from the walk's action); {@link #page} on the caller's,
 * after the walks completed, which orders the two.
 *
 * @param <R> a prefix's row
 */
final class PrefixPager<R> {
    /** Slots of a table read in one RIB task: well under a millisecond of the RIB thread. */
    static final int SLOTS_PER_TASK = 8192;
    /** How long one chunk may wait for the RIB thread. */
    private static final Duration CHUNK_TIMEOUT = Duration.ofSeconds(10);

    private final Optional<IpPrefix> after;
    private final int limit;
    private final BinaryOperator<R> merge;
    /** The lowest prefixes seen after the cursor, one more than the limit so as to know there are more. */
    private final TreeMap<IpPrefix, R> rows = new TreeMap<>();

    /**
     * @param after only prefixes above this one
     * @param limit at most this many prefixes, 0 to learn only whether there is one
     * @param merge joins two rows offered for one prefix (from two tables, or twice after a walk restarted)
     */
    PrefixPager(Optional<IpPrefix> after, int limit, BinaryOperator<R> merge) {
        this.after = after;
        this.limit = limit;
        this.merge = merge;
    }

    /**
     * Whether {@link #offer} would keep a row of {@code prefix} now: after the cursor and among the
     * lowest seen. Asked first, so that a walk builds rows only for those.
     */
    boolean wants(IpPrefix prefix) {
        return (after.isEmpty() || prefix.compareTo(after.get()) > 0)
                && (rows.size() <= limit || prefix.compareTo(rows.lastKey()) <= 0);
    }

    /** A prefix and its row, kept if it is among the lowest after the cursor. */
    void offer(IpPrefix prefix, R row) {
        if (!wants(prefix)) {
            return;
        }
        rows.merge(prefix, row, merge);
        if (rows.size() > limit + 1) {
            rows.pollLastEntry();
        }
    }

    /** Walks one table to its end, a chunk per call of {@code chunk}, which offers what it reads. */
    void walk(Function<TableWalk, CompletableFuture<TableWalk>> chunk) {
        TableWalk at = TableWalk.START;
        while (!at.finished()) {
            at = chunk.apply(at).orTimeout(CHUNK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
        }
    }

    /** The page, in prefix order; truncated when a prefix beyond it was seen. */
    Page<R> page() {
        ArrayList<R> out = new ArrayList<>(Math.min(rows.size(), limit));
        for (R row : rows.values()) {
            if (out.size() == limit) {
                break;
            }
            out.add(row);
        }
        return new Page<>(out, rows.size() > limit);
    }
}
