package io.flatnet.bgp.rib;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of the decision process for one prefix.
 *
 * @param best   the best path, empty when no candidate is eligible
 * @param reason the step that decided (see {@link BestPathReason})
 * @param ecmp   the paths to forward over: the best first, then its equals for multipath in
 *               decision order, at most {@link BestPathOptions#maxPaths()}; empty when there is no best
 */
public record BestPathResult(Optional<Path> best, BestPathReason reason, List<Path> ecmp) {
    public static final BestPathResult NONE = new BestPathResult(Optional.empty(), BestPathReason.NO_PATHS, List.of());

    public BestPathResult {
        Objects.requireNonNull(best, "best");
        Objects.requireNonNull(reason, "reason");
        ecmp = List.copyOf(ecmp);
        if (best.isPresent() != !ecmp.isEmpty() || (best.isPresent() && ecmp.get(0) != best.get())) {
            throw new IllegalArgumentException("the ECMP set starts with the best path, and is empty only without one");
        }
    }

    public boolean hasBest() {
        return best.isPresent();
    }

    /**
     * True when forwarding and advertisement would not change going from this result to
     * {@code other}: the same best and ECMP paths ({@link Path#sameRoute}), whatever the reason.
     */
    public boolean sameRoutes(BestPathResult other) {
        if (ecmp.size() != other.ecmp.size()) {
            return false;
        }
        for (int i = 0; i < ecmp.size(); i++) {
            if (!ecmp.get(i).sameRoute(other.ecmp.get(i))) {
                return false;
            }
        }
        return true;
    }
}
