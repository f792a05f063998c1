package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.AsPathSegment;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6793 between a NEW (4-octet) speaker and an OLD (2-octet) peer: splitting a real AS path
 * into AS_PATH with AS_TRANS plus AS4_PATH when sending, and merging them back when receiving.
 */
final class As4Paths {
    private As4Paths() {}

    /** True when AS4_PATH must accompany {@code path} on a 2-octet session (RFC 6793 §4.2.2). */
    static boolean needsAs4Path(AsPath path) {
        for (AsPathSegment s : path.segments()) {
            if (isConfed(s)) {
                continue; // AS4_PATH cannot carry these, so they cannot call for one.
            }
            for (Asn asn : s.asns()) {
                if (asn.needsFourOctets()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The AS4_PATH to send with {@code path}: its segments less the confederation ones (RFC 6793 §3). */
    static AsPath as4PathFor(AsPath path) {
        List<AsPathSegment> kept = new ArrayList<>(path.segments().size());
        for (AsPathSegment s : path.segments()) {
            if (!isConfed(s)) {
                kept.add(s);
            }
        }
        return new AsPath(kept);
    }

    /**
     * RFC 6793 §4.2.3: the AS path of a route received from a 2-octet peer. When AS_PATH counts
     * fewer ASes than AS4_PATH, AS4_PATH is ignored (someone on the way did not keep it up to
     * date). Otherwise the leading part of AS_PATH that AS4_PATH does not cover (ASes added by
     * 2-octet speakers since, with any confederation segments at the front or next to them) is
     * put in front of AS4_PATH, so that the result counts as many ASes as AS_PATH.
     */
    static AsPath merge(AsPath asPath, AsPath as4Path) {
        int missing = asPath.decisionLength() - as4Path.decisionLength();
        if (missing < 0) {
            return asPath;
        }
        List<AsPathSegment> merged = new ArrayList<>(asPath.segments().size() + as4Path.segments().size());
        for (AsPathSegment s : asPath.segments()) {
            if (isConfed(s)) {
                merged.add(s);
                continue;
            }
            if (missing == 0) {
                break;
            }
            if (s.type() == AsPathSegment.Type.AS_SET) {
                merged.add(s); // counts one whatever its size
                missing--;
            } else if (s.asns().size() <= missing) {
                merged.add(s);
                missing -= s.asns().size();
            } else {
                merged.add(new AsPathSegment(s.type(), s.asns().subList(0, missing)));
                missing = 0;
            }
        }
        List<AsPathSegment> tail = as4Path.segments();
        if (!merged.isEmpty() && !tail.isEmpty()) {
            // ASes a 2-octet speaker prepended to a sequence: one sequence again, as it left the
            // last 4-octet speaker plus the prepends, when it fits a segment.
            AsPathSegment last = merged.get(merged.size() - 1);
            AsPathSegment first = tail.get(0);
            if (last.type() == AsPathSegment.Type.AS_SEQUENCE && first.type() == AsPathSegment.Type.AS_SEQUENCE
                    && last.asns().size() + first.asns().size() <= AsPathSegment.MAX_ASNS) {
                List<Asn> joined = new ArrayList<>(last.asns());
                joined.addAll(first.asns());
                merged.set(merged.size() - 1, new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, joined));
                tail = tail.subList(1, tail.size());
            }
        }
        merged.addAll(tail);
        return new AsPath(merged);
    }

    private static boolean isConfed(AsPathSegment s) {
        return s.type() == AsPathSegment.Type.AS_CONFED_SEQUENCE || s.type() == AsPathSegment.Type.AS_CONFED_SET;
    }
}
