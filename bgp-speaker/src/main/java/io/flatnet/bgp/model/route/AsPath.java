package io.flatnet.bgp.model.route;

import io.flatnet.bgp.model.Asn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** An AS_PATH with real 4-octet AS numbers: segments in order, nearest AS first. */
public record AsPath(List<AsPathSegment> segments) {
    /** The path of a route originated inside the local AS. */
    public static final AsPath EMPTY = new AsPath(List.of());

    public AsPath {
        segments = List.copyOf(segments);
    }

    /** A path of one AS_SEQUENCE, or {@link #EMPTY} for no ASNs. */
    public static AsPath sequence(Asn... asns) {
        return asns.length == 0 ? EMPTY : new AsPath(List.of(AsPathSegment.sequence(asns)));
    }

    public static AsPath of(AsPathSegment... segments) {
        return new AsPath(List.of(segments));
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    /**
     * The length the decision process compares (RFC 4271 §9.1.2.2 a): each AS of a sequence counts
     * one, a whole AS_SET counts one, confederation segments count nothing (RFC 5065 §5.3).
     */
    public int decisionLength() {
        int length = 0;
        for (AsPathSegment s : segments) {
            switch (s.type()) {
                case SEQUENCE -> length += s.asns().size();
                case SET -> length += 1;
                case CONFED_SEQUENCE, CONFED_SET -> { }
            }
        }
        return length;
    }

    /**
     * The neighbouring AS for MED comparison (RFC 4271 §9.1.2.2 c): the first AS of the first
     * AS_SEQUENCE after any leading confederation segments (RFC 5065 §5.3). Empty when the path
     * is empty (a route from inside the local AS or confederation) or starts with an AS_SET.
     */
    public Optional<Asn> neighbourAs() {
        for (AsPathSegment s : segments) {
            if (s.isConfederation()) {
                continue;
            }
            return s.type() == AsPathSegment.Type.SEQUENCE ? Optional.of(s.asns().get(0)) : Optional.empty();
        }
        return Optional.empty();
    }

    /** True when any segment, of any type, holds {@code asn} (AS loop detection, RFC 4271 §9.1.2). */
    public boolean contains(Asn asn) {
        for (AsPathSegment s : segments) {
            if (s.asns().contains(asn)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A new path with {@code asn} put {@code times} times in front, joining the leading
     * AS_SEQUENCE while it has room for 255 ASNs and starting new sequences beyond that.
     */
    public AsPath prepend(Asn asn, int times) {
        if (times < 0) {
            throw new IllegalArgumentException("cannot prepend a negative number of times: " + times);
        }
        if (times == 0) {
            return this;
        }
        List<Asn> lead = new ArrayList<>(times);
        for (int i = 0; i < times; i++) {
            lead.add(asn);
        }
        int rest = 0;
        if (!segments.isEmpty() && segments.get(0).type() == AsPathSegment.Type.SEQUENCE) {
            lead.addAll(segments.get(0).asns());
            rest = 1;
        }
        List<AsPathSegment> out = new ArrayList<>(segments.size() + 1 + lead.size() / AsPathSegment.MAX_ASNS);
        // The overflow, if any, goes into the first segment so that the nearest AS stays first.
        int first = lead.size() % AsPathSegment.MAX_ASNS == 0 ? AsPathSegment.MAX_ASNS : lead.size() % AsPathSegment.MAX_ASNS;
        out.add(new AsPathSegment(AsPathSegment.Type.SEQUENCE, lead.subList(0, first)));
        for (int from = first; from < lead.size(); from += AsPathSegment.MAX_ASNS) {
            out.add(new AsPathSegment(AsPathSegment.Type.SEQUENCE, lead.subList(from, from + AsPathSegment.MAX_ASNS)));
        }
        out.addAll(segments.subList(rest, segments.size()));
        return new AsPath(out);
    }

    @Override
    public String toString() {
        return segments.stream().map(AsPathSegment::toString).collect(Collectors.joining(" "));
    }
}
