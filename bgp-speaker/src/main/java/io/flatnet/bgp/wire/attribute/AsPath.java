package io.flatnet.bgp.wire.attribute;

import io.flatnet.bgp.model.Asn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** AS_PATH (RFC 4271 §5.1.2, RFC 5065 confederation segments), with real 4-octet ASNs. */
public record AsPath(List<AsPathSegment> segments) implements KnownAttribute {
    public static final AsPath EMPTY = new AsPath(List.of());

    public AsPath {
        segments = List.copyOf(segments);
    }

    public static AsPath sequence(Asn... asns) {
        return asns.length == 0 ? EMPTY : new AsPath(List.of(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, List.of(asns))));
    }

    /**
     * Path length for the decision process (RFC 4271 §9.1.2.2): each AS in a sequence counts
     * one, a whole AS_SET counts one, confederation segments count nothing (RFC 5065 §5.3).
     */
    public int decisionLength() {
        int length = 0;
        for (AsPathSegment s : segments) {
            switch (s.type()) {
                case AS_SEQUENCE -> length += s.asns().size();
                case AS_SET -> length += 1;
                case AS_CONFED_SEQUENCE, AS_CONFED_SET -> { }
            }
        }
        return length;
    }

    /** The neighbouring AS: the first AS of a leading AS_SEQUENCE (RFC 4271 §9.1.2.2 c). */
    public Optional<Asn> firstAs() {
        for (AsPathSegment s : segments) {
            if (s.type() == AsPathSegment.Type.AS_SEQUENCE && !s.asns().isEmpty()) {
                return Optional.of(s.asns().get(0));
            }
            if (s.type() != AsPathSegment.Type.AS_CONFED_SEQUENCE && s.type() != AsPathSegment.Type.AS_CONFED_SET) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    public boolean contains(Asn asn) {
        return segments.stream().anyMatch(s -> s.asns().contains(asn));
    }

    /** A new path with {@code asn} prepended {@code times} times to the leading AS_SEQUENCE. */
    public AsPath prepend(Asn asn, int times) {
        List<AsPathSegment> out = new ArrayList<>(segments.size() + 1);
        List<Asn> lead = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            lead.add(asn);
        }
        int rest = 0;
        if (!segments.isEmpty() && segments.get(0).type() == AsPathSegment.Type.AS_SEQUENCE
                && segments.get(0).asns().size() + times <= AsPathSegment.MAX_ASNS) {
            lead.addAll(segments.get(0).asns());
            rest = 1;
        }
        out.add(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, lead));
        out.addAll(segments.subList(rest, segments.size()));
        return new AsPath(out);
    }

    @Override
    public AttributeType attributeType() {
        return AttributeType.AS_PATH;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (AsPathSegment s : segments) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(s);
        }
        return "AsPath[" + sb + "]";
    }
}
