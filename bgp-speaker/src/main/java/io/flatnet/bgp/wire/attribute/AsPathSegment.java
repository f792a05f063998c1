package io.flatnet.bgp.wire.attribute;

import io.flatnet.bgp.model.Asn;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** One AS_PATH segment: a type and 1..255 AS numbers. */
public record AsPathSegment(Type type, List<Asn> asns) {
    public static final int MAX_ASNS = 255;

    public AsPathSegment {
        Objects.requireNonNull(type, "type");
        asns = List.copyOf(asns);
        if (asns.isEmpty() || asns.size() > MAX_ASNS) {
            throw new IllegalArgumentException("a segment holds 1..255 AS numbers, not " + asns.size());
        }
    }

    /** Segment types: RFC 4271 (SET 1, SEQUENCE 2) and RFC 5065 (CONFED_SEQUENCE 3, CONFED_SET 4). */
    public enum Type {
        AS_SET(1),
        AS_SEQUENCE(2),
        AS_CONFED_SEQUENCE(3),
        AS_CONFED_SET(4);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** The type for a wire value, or {@code null} for an unknown segment type (malformed AS_PATH). */
        public static Type fromCode(int code) {
            return code >= 1 && code <= 4 ? values()[code - 1] : null;
        }
    }

    @Override
    public String toString() {
        String inner = asns.stream().map(Asn::toString).collect(Collectors.joining(" "));
        return switch (type) {
            case AS_SEQUENCE -> inner;
            case AS_SET -> "{" + inner + "}";
            case AS_CONFED_SEQUENCE -> "(" + inner + ")";
            case AS_CONFED_SET -> "[" + inner + "]";
        };
    }
}
