package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.IpAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Loc-RIB entry of a prefix with two or more candidates, and the last decision among them (a
 * prefix with one candidate is stored as that {@link Path} itself). Changed by {@link LocRib} only.
 */
final class Candidates {
    Path[] paths;
    /** The prefix's id (see {@link PrefixColumns}). */
    final int id;
    /** The best path, or null; with {@link #moreEcmp}, the ECMP set. */
    Path best;
    Path[] moreEcmp;
    BestPathReason reason;

    Candidates(Path[] paths, int id) {
        this.paths = paths;
        this.id = id;
    }

    int indexOf(Path path) {
        for (int i = 0; i < paths.length; i++) {
            if (paths[i].sameCandidate(path)) {
                return i;
            }
        }
        return -1;
    }

    int indexOf(IpAddress peer, int pathId) {
        for (int i = 0; i < paths.length; i++) {
            if (paths[i].isCandidateOf(peer, pathId)) {
                return i;
            }
        }
        return -1;
    }

    void add(Path path) {
        paths = Arrays.copyOf(paths, paths.length + 1);
        paths[paths.length - 1] = path;
    }

    void removeAt(int i) {
        Path[] out = new Path[paths.length - 1];
        System.arraycopy(paths, 0, out, 0, i);
        System.arraycopy(paths, i + 1, out, i, paths.length - i - 1);
        paths = out;
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
