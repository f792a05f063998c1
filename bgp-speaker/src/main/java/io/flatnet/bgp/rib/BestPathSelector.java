package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.route.RouteAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The BGP decision process, phase 2 (RFC 4271 §9.1.2), as the RFC states it: a chain of steps, each
 * removing from the remaining candidates those that lose on one attribute, until one path is left.
 * The step that leaves one path is the {@link BestPathReason} reported.
 *
 * <ol>
 *   <li>eligibility: paths whose next hop is unreachable are removed (§9.1.2.1);
 *   <li>{@link BestPathReason#LOCAL_PREF}: highest, absent = {@link BestPathOptions#defaultLocalPref()}.
 *       The selector trusts the attribute: import policy strips LOCAL_PREF received over eBGP
 *       (RFC 4271 §5.1.5) before paths get here;
 *   <li>{@link BestPathReason#LOCAL_ORIGIN}: locally originated paths beat learned ones. Not in the
 *       RFC; FRR and Cisco do it right after LOCAL_PREF, and BIRD gets the same effect because its
 *       static and kernel routes outrank BGP routes by protocol preference;
 *   <li>{@link BestPathReason#AS_PATH_LENGTH}: shortest {@link io.flatnet.bgp.model.route.AsPath#decisionLength()};
 *   <li>{@link BestPathReason#ORIGIN}: lowest;
 *   <li>{@link BestPathReason#MED}: a path is removed when another remaining path from the same
 *       neighbouring AS has a lower MED (with {@link BestPathOptions#alwaysCompareMed()}, when any
 *       remaining path has a lower MED). A missing MED is 0 (RFC 4271 §9.1.2.2 c) unless
 *       {@link BestPathOptions#missingMedAsWorst()}. The neighbouring AS is
 *       {@link io.flatnet.bgp.model.route.AsPath#neighbourAs()}; paths with none (empty AS_PATH,
 *       routes from inside the AS) form one group of their own;
 *   <li>{@link BestPathReason#EBGP_OVER_IBGP}: if any remaining path is eBGP, iBGP paths are removed;
 *   <li>(the IGP cost to the next hop, §9.1.2.2 e, is not used: flatnet has no IGP);
 *   <li>{@link BestPathReason#ROUTER_ID}: lowest, ORIGINATOR_ID in place of the peer's id (RFC 4456 §9);
 *   <li>{@link BestPathReason#CLUSTER_LIST_LENGTH}: shortest (RFC 4456 §9);
 *   <li>{@link BestPathReason#PEER_ADDRESS}: lowest;
 *   <li>{@link BestPathReason#PATH_ID}: lowest, which separates add-path paths of one peer.
 * </ol>
 *
 * <p>Because every step works on the set of remaining paths (never on pairs in arrival order), the
 * result does not depend on the order of the candidates. This is what "deterministic MED" buys in
 * implementations that compare pairwise: MED is only ever compared inside a neighbouring-AS group,
 * so its non-transitivity cannot make the outcome depend on order.
 *
 * <p><b>ECMP.</b> The multipath set is the paths still remaining after the
 * {@link BestPathReason#EBGP_OVER_IBGP} step (so equal in LOCAL_PREF, local origin, AS_PATH
 * length, ORIGIN, MED where MED applies, and eBGP/iBGP) that also have the best path's
 * neighbouring AS, ordered by the remaining tie-breakers (router id, CLUSTER_LIST length, peer
 * address, path id) and cut at {@link BestPathOptions#maxPaths()}. The best path is always first.
 * This is FRR's multipath with "as-path multipath-relax" off relaxed to the neighbouring AS rather
 * than the whole AS_PATH, and close to BIRD's "merge paths". A locally originated best has no
 * multipath partners.
 *
 * <p>Stateless and thread-safe.
 */
public final class BestPathSelector {
    private static final long WORST_MED = 0xFFFF_FFFFL;
    private static final Comparator<Path> LAST_STEPS = Comparator
            .comparing(Path::decisionRouterId)
            .thenComparingInt(p -> p.attributes().clusterList().size())
            .thenComparing(p -> p.source().peerAddress())
            .thenComparingLong(Path::pathId);

    private final BestPathOptions options;

    public BestPathSelector(BestPathOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public BestPathOptions options() {
        return options;
    }

    /** Chooses among the candidates of one prefix. The list is not modified. */
    public BestPathResult select(List<Path> candidates) {
        int n = candidates.size();
        if (n == 0) {
            return BestPathResult.NONE;
        }
        Path[] live = new Path[n];
        int m = 0;
        for (Path p : candidates) {
            if (p.nextHopReachable()) {
                live[m++] = p;
            }
        }
        if (m == 0) {
            return new BestPathResult(Optional.empty(), BestPathReason.NEXT_HOP_UNREACHABLE, List.of());
        }
        if (m == 1) {
            return single(live[0], n == 1 ? BestPathReason.ONLY_PATH : BestPathReason.NEXT_HOP_UNREACHABLE);
        }

        m = keepLowest(live, m, p -> -localPref(p));
        if (m == 1) {
            return single(live[0], BestPathReason.LOCAL_PREF);
        }
        m = keepLowest(live, m, p -> p.source().isLocal() ? 0 : 1);
        if (m == 1) {
            return single(live[0], BestPathReason.LOCAL_ORIGIN);
        }
        m = keepLowest(live, m, p -> p.attributes().asPath().decisionLength());
        if (m == 1) {
            return single(live[0], BestPathReason.AS_PATH_LENGTH);
        }
        m = keepLowest(live, m, p -> p.attributes().origin().ordinal());
        if (m == 1) {
            return single(live[0], BestPathReason.ORIGIN);
        }
        m = options.alwaysCompareMed() ? keepLowest(live, m, this::med) : keepLowestMedPerNeighbour(live, m);
        if (m == 1) {
            return single(live[0], BestPathReason.MED);
        }
        m = keepLowest(live, m, p -> p.source().isExternal() ? 0 : 1);
        if (m == 1) {
            return single(live[0], BestPathReason.EBGP_OVER_IBGP);
        }

        // The survivors so far are the multipath candidates; the last steps only order them.
        Path[] equal = Arrays.copyOf(live, m);
        Arrays.sort(equal, LAST_STEPS);
        Path best = equal[0];
        Path second = equal[1];
        BestPathReason reason = lastStepReason(best, second);
        return new BestPathResult(Optional.of(best), reason, multipath(best, equal));
    }

    private BestPathResult single(Path best, BestPathReason reason) {
        return new BestPathResult(Optional.of(best), reason, List.of(best));
    }

    private List<Path> multipath(Path best, Path[] ordered) {
        if (options.maxPaths() == 1 || best.source().isLocal()) {
            return List.of(best);
        }
        Optional<Asn> neighbour = best.attributes().asPath().neighbourAs();
        List<Path> out = new ArrayList<>(Math.min(ordered.length, options.maxPaths()));
        for (Path p : ordered) {
            if (out.size() == options.maxPaths()) {
                break;
            }
            if (p.attributes().asPath().neighbourAs().equals(neighbour)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Which of the last steps separates the best from the runner-up (they are sorted by those steps). */
    private static BestPathReason lastStepReason(Path best, Path second) {
        if (best.decisionRouterId().compareTo(second.decisionRouterId()) != 0) {
            return BestPathReason.ROUTER_ID;
        }
        if (best.attributes().clusterList().size() != second.attributes().clusterList().size()) {
            return BestPathReason.CLUSTER_LIST_LENGTH;
        }
        if (best.source().peerAddress().compareTo(second.source().peerAddress()) != 0) {
            return BestPathReason.PEER_ADDRESS;
        }
        return BestPathReason.PATH_ID;
    }

    private long localPref(Path p) {
        return p.attributes().localPref().orElse(options.defaultLocalPref());
    }

    private long med(Path p) {
        RouteAttributes a = p.attributes();
        return a.med().isPresent() ? a.med().getAsLong() : options.missingMedAsWorst() ? WORST_MED : 0;
    }

    /** Compacts {@code paths[0..m)} to those with the lowest key, keeping their order; returns how many. */
    private static int keepLowest(Path[] paths, int m, ToLongFunction<Path> key) {
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < m; i++) {
            lowest = Math.min(lowest, key.applyAsLong(paths[i]));
        }
        int kept = 0;
        for (int i = 0; i < m; i++) {
            if (key.applyAsLong(paths[i]) == lowest) {
                paths[kept++] = paths[i];
            }
        }
        return kept;
    }

    /** RFC 4271 §9.1.2.2 c: drop a path when a remaining path from its neighbouring AS has a lower MED. */
    private int keepLowestMedPerNeighbour(Path[] paths, int m) {
        long[] meds = new long[m];
        List<Optional<Asn>> neighbours = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            meds[i] = med(paths[i]);
            neighbours.add(paths[i].attributes().asPath().neighbourAs());
        }
        boolean[] beaten = new boolean[m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (meds[j] < meds[i] && neighbours.get(j).equals(neighbours.get(i))) {
                    beaten[i] = true;
                    break;
                }
            }
        }
        int kept = 0;
        for (int i = 0; i < m; i++) {
            if (!beaten[i]) {
                paths[kept++] = paths[i];
            }
        }
        return kept;
    }
}
