package io.flatnet.bgp.rib;

/**
 * Where a walk over a RIB table in slot order stands, so that a reader can take a table of a
 * million routes a chunk at a time, one RIB task per chunk, and the RIB thread handles UPDATEs in
 * between. Start with {@link #START}; each step returns the next position until
 * {@link #finished()}.
 *
 * <p>The table may change between chunks. A resize (the table grew, shrank or dropped its
 * tombstones) could carry an entry from the part not yet walked into the part already walked;
 * when that happened the next step walks again from the first slot, up to {@link #MAX_RESTARTS}
 * times, and the reader sees those entries twice (it keeps one per key). A table resizes about
 * once per doubling of its size, so a walk during a full-table load restarts a dozen times or
 * more; past the limit, under a table that keeps resizing, the walk goes on where it was and such
 * a moved entry can be missed. An entry added or removed during the walk may or may not be seen,
 * as in any reading that is not a snapshot.
 *
 * @param layout   the table's layout count when this position was taken; -1 before the first step
 * @param next     the first slot the next step reads; -1 when the walk is over
 * @param restarts how many times the walk started again because the layout changed
 */
public record TableWalk(int layout, int next, int restarts) {
    /** The position before the first step. */
    public static final TableWalk START = new TableWalk(-1, 0, 0);
    /** A walk with nothing (more) to read. */
    public static final TableWalk DONE = new TableWalk(-1, -1, 0);
    /** How many times a walk starts again from the first slot after the table's layout changed. */
    public static final int MAX_RESTARTS = 32;

    /** True when every slot was read. */
    public boolean finished() {
        return next < 0;
    }
}
