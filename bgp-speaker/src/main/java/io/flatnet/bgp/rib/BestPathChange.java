package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.IpPrefix;
import java.util.Objects;

/**
 * The best path or ECMP set of a prefix changed. A prefix that gains its first usable path has
 * {@code previous} without best; one that loses its last has {@code current} without best.
 */
public record BestPathChange(IpPrefix prefix, BestPathResult previous, BestPathResult current) {
    public BestPathChange {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
    }

    public boolean isWithdrawal() {
        return !current.hasBest();
    }
}
