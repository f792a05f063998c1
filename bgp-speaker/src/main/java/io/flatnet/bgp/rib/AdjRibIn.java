package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The routes one peer has sent and not withdrawn (RFC 4271 §3.2), by prefix and add-path
 * identifier, per address family. Changed only by {@link Rib}, on the RIB thread.
 *
 * <p>It holds no table of its own: import policy runs before a route reaches the RIB (a rejected
 * route arrives as a withdrawal), so every path a peer sent is a candidate in the Loc-RIB, and
 * this is a view of the Loc-RIB's candidates from the peer. One hash table per family instead of
 * one per peer and family halves the lookups of a change and the slots of a full table. Reading a
 * peer's paths walks the whole Loc-RIB; that happens when a session ends, on End-of-RIB after a
 * graceful restart and when an operator lists routes, never per UPDATE.
 *
 * <p>Graceful restart (RFC 4724, helper side) marks all of a family's paths stale at once by
 * bumping the family's epoch: a path is stale when its epoch is older than the current one. A path
 * the peer sends again gets the current epoch; {@link Rib#sweepStale} removes the rest.
 */
public final class AdjRibIn {
    private final IpAddress peerAddress;
    private final LocRib[] locRibs;
    private final int[] epochs = new int[Afi.values().length];
    private final int[] sizes = new int[Afi.values().length];

    AdjRibIn(IpAddress peerAddress, LocRib ipv4, LocRib ipv6) {
        this.peerAddress = peerAddress;
        this.locRibs = new LocRib[] {ipv4, ipv6};
    }

    public IpAddress peerAddress() {
        return peerAddress;
    }

    /** Paths held for {@code afi}. */
    public int size(Afi afi) {
        return sizes[afi.ordinal()];
    }

    public int size() {
        return sizes[0] + sizes[1];
    }

    public Optional<Path> get(IpPrefix prefix, long pathId) {
        return Optional.ofNullable(locRib(prefix.afi()).candidate(prefix, peerAddress, (int) pathId));
    }

    /** True when the path was learned before the last {@link Rib#markStale} and not sent again since. */
    public boolean isStale(Path path) {
        return path.staleEpoch() != epochs[path.afi().ordinal()];
    }

    /** Paths still stale in {@code afi}. */
    public int staleCount(Afi afi) {
        int[] count = {0};
        forEach(afi, p -> {
            if (isStale(p)) {
                count[0]++;
            }
        });
        return count[0];
    }

    public void forEach(Afi afi, Consumer<Path> action) {
        if (size(afi) > 0) {
            locRib(afi).forEachCandidateOf(peerAddress, action);
        }
    }

    /**
     * {@link #forEach} a chunk of up to {@code slots} Loc-RIB slots at a time, see {@link TableWalk};
     * a chunk may hold none of the peer's paths.
     */
    public TableWalk walk(Afi afi, TableWalk from, int slots, Consumer<Path> action) {
        if (size(afi) == 0) {
            return TableWalk.DONE;
        }
        return locRib(afi).walkCandidatesOf(peerAddress, from, slots, action);
    }

    // Mutation and bulk reads, for Rib.

    int epoch(Afi afi) {
        return epochs[afi.ordinal()];
    }

    /** The next epoch, modulo 2^16 as {@link Path} stores it: a path would need to stay stale through 65,536 restarts to look fresh. */
    int markStale(Afi afi) {
        epochs[afi.ordinal()] = (epochs[afi.ordinal()] + 1) & 0xFFFF;
        return epochs[afi.ordinal()];
    }

    /** The Loc-RIB added a path of the peer's (none replaced) or removed one. */
    void counted(Afi afi, int delta) {
        sizes[afi.ordinal()] += delta;
    }

    /** A copy of the peer's {@code afi} paths, for callers that change the Loc-RIB while going through them. */
    List<Path> paths(Afi afi) {
        List<Path> out = new ArrayList<>(size(afi));
        forEach(afi, out::add);
        return out;
    }

    private LocRib locRib(Afi afi) {
        return locRibs[afi.ordinal()];
    }
}
