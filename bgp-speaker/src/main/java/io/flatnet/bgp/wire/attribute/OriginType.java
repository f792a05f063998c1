package io.flatnet.bgp.wire.attribute;

/** ORIGIN values; lower is preferred in the decision process. */
public enum OriginType {
    IGP,
    EGP,
    INCOMPLETE;

    public int code() {
        return ordinal();
    }

    /** The type for a wire value, or {@code null} when it is not 0, 1 or 2 (an invalid ORIGIN). */
    public static OriginType fromCode(int code) {
        return code >= 0 && code <= 2 ? values()[code] : null;
    }
}
