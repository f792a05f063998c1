package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The routes one peer has sent and not withdrawn (RFC 4271 §3.2), keyed by prefix and add-path
 * identifier, one table per address family. Changed only by {@link Rib}, on the RIB thread.
 *
 * <p>Graceful restart (RFC 4724, helper side) marks all of a family's paths stale at once by
 * bumping the family's epoch: a path is stale when its epoch is older than the current one. A path
 * the peer sends again gets the current epoch; {@link Rib#sweepStale} removes the rest.
 */
public final class AdjRibIn {
    private static final PrefixTable.Keys<Path> KEYS = new PrefixTable.Keys<>() {
        @Override
        public long high(Path p) {
            return p.keyHigh();
        }

        @Override
        public long low(Path p) {
            return p.keyLow();
        }

        @Override
        public int length(Path p) {
            return p.keyLength();
        }

        @Override
        public int pathId(Path p) {
            return p.keyPathId();
        }
    };

    private final IpAddress peerAddress;
    private final PrefixTable<Path> ipv4 = new PrefixTable<>(KEYS);
    private final PrefixTable<Path> ipv6 = new PrefixTable<>(KEYS);
    private final int[] epochs = new int[Afi.values().length];

    AdjRibIn(IpAddress peerAddress) {
        this.peerAddress = peerAddress;
    }

    public IpAddress peerAddress() {
        return peerAddress;
    }

    /** Paths held for {@code afi}. */
    public int size(Afi afi) {
        return table(afi).size();
    }

    public int size() {
        return ipv4.size() + ipv6.size();
    }

    public Optional<Path> get(IpPrefix prefix, long pathId) {
        return Optional.ofNullable(table(prefix.afi()).get(prefix.high(), prefix.low(), prefix.length(), (int) pathId));
    }

    /** True when the path was learned before the last {@link Rib#markStale} and not sent again since. */
    public boolean isStale(Path path) {
        return path.staleEpoch() != epochs[path.afi().ordinal()];
    }

    /** Paths still stale in {@code afi}. */
    public int staleCount(Afi afi) {
        int[] count = {0};
        table(afi).forEach(p -> {
            if (isStale(p)) {
                count[0]++;
            }
        });
        return count[0];
    }

    public void forEach(Afi afi, Consumer<Path> action) {
        table(afi).forEach(action);
    }

    /** {@link #forEach} a chunk of up to {@code slots} slots at a time, see {@link TableWalk}. */
    public TableWalk walk(Afi afi, TableWalk from, int slots, Consumer<Path> action) {
        return table(afi).walk(from, slots, action);
    }

    // Mutation, for Rib.

    int epoch(Afi afi) {
        return epochs[afi.ordinal()];
    }

    int markStale(Afi afi) {
        return ++epochs[afi.ordinal()];
    }

    Path put(Path path) {
        return table(path.afi()).put(path);
    }

    Path remove(Afi afi, long high, long low, int length, int pathId) {
        return table(afi).remove(high, low, length, pathId);
    }

    List<Path> paths(Afi afi) {
        return table(afi).entries();
    }

    void clear(Afi afi) {
        table(afi).clear();
    }

    private PrefixTable<Path> table(Afi afi) {
        return afi == Afi.IPV4 ? ipv4 : ipv6;
    }
}
