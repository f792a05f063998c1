package io.flatnet.bgp.model.route;

import io.flatnet.bgp.model.Asn;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** One AS_PATH segment: a type and 1..255 AS numbers (RFC 4271 §4.3, RFC 5065 §3). */
public record AsPathSegment(Type type, List<Asn> asns) {
    public static final int MAX_ASNS = 255;

    public AsPathSegment {
        Objects.requireNonNull(type, "type");
        asns = List.copyOf(asns);
        if (asns.isEmpty() || asns.size() > MAX_ASNS) {
            throw new IllegalArgumentException("a segment holds 1..255 AS numbers, not " + asns.size());
        }
    }

    public static AsPathSegment sequence(Asn... asns) {
        return new AsPathSegment(Type.SEQUENCE, List.of(asns));
    }

    public static AsPathSegment set(Asn... asns) {
        return new AsPathSegment(Type.SET, List.of(asns));
    }

    /** True for the RFC 5065 confederation segments, which the decision process does not count. */
    public boolean isConfederation() {
        return type == Type.CONFED_SEQUENCE || type == Type.CONFED_SET;
    }

    /** Segment types; {@link #code()} is the wire value (SET 1, SEQUENCE 2, CONFED_SEQUENCE 3, CONFED_SET 4). */
    public enum Type {
        SET(1),
        SEQUENCE(2),
        CONFED_SEQUENCE(3),
        CONFED_SET(4);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    @Override
    public String toString() {
        String inner = asns.stream().map(Asn::toString).collect(Collectors.joining(" "));
        return switch (type) {
            case SEQUENCE -> inner;
            case SET -> "{" + inner + "}";
            case CONFED_SEQUENCE -> "(" + inner + ")";
            case CONFED_SET -> "[" + inner + "]";
        };
    }
}
