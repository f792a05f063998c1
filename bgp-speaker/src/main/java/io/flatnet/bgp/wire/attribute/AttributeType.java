package io.flatnet.bgp.wire.attribute;

/** Path attribute type codes flatnet understands, with the flags each must carry. */
public enum AttributeType {
    ORIGIN(1, AttributeFlags.WELL_KNOWN),
    AS_PATH(2, AttributeFlags.WELL_KNOWN),
    NEXT_HOP(3, AttributeFlags.WELL_KNOWN),
    MULTI_EXIT_DISC(4, AttributeFlags.OPTIONAL_NON_TRANSITIVE),
    LOCAL_PREF(5, AttributeFlags.WELL_KNOWN),
    ATOMIC_AGGREGATE(6, AttributeFlags.WELL_KNOWN),
    AGGREGATOR(7, AttributeFlags.OPTIONAL_TRANSITIVE),
    COMMUNITIES(8, AttributeFlags.OPTIONAL_TRANSITIVE),
    ORIGINATOR_ID(9, AttributeFlags.OPTIONAL_NON_TRANSITIVE),
    CLUSTER_LIST(10, AttributeFlags.OPTIONAL_NON_TRANSITIVE),
    MP_REACH_NLRI(14, AttributeFlags.OPTIONAL_NON_TRANSITIVE),
    MP_UNREACH_NLRI(15, AttributeFlags.OPTIONAL_NON_TRANSITIVE),
    EXTENDED_COMMUNITIES(16, AttributeFlags.OPTIONAL_TRANSITIVE),
    AS4_PATH(17, AttributeFlags.OPTIONAL_TRANSITIVE),
    AS4_AGGREGATOR(18, AttributeFlags.OPTIONAL_TRANSITIVE),
    LARGE_COMMUNITIES(32, AttributeFlags.OPTIONAL_TRANSITIVE);

    private static final AttributeType[] BY_CODE = new AttributeType[256];

    static {
        for (AttributeType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final int flags;

    AttributeType(int code, int flags) {
        this.code = code;
        this.flags = flags;
    }

    public int code() {
        return code;
    }

    /** The Optional and Transitive bits this type must have (Partial and Extended Length aside). */
    public int flags() {
        return flags;
    }

    /** The known type for a code, or {@code null}. */
    public static AttributeType fromCode(int code) {
        return code >= 0 && code < 256 ? BY_CODE[code] : null;
    }
}
