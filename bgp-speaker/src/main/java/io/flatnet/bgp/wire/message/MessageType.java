package io.flatnet.bgp.wire.message;

/** The message type octet of the BGP header. */
public enum MessageType {
    OPEN(1),
    UPDATE(2),
    NOTIFICATION(3),
    KEEPALIVE(4),
    ROUTE_REFRESH(5);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a header octet, or {@code null} for an unknown type (header error 1/3). */
    public static MessageType fromCode(int code) {
        return code >= 1 && code <= 5 ? values()[code - 1] : null;
    }
}
