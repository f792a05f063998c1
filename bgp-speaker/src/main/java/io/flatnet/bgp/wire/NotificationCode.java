package io.flatnet.bgp.wire;

/**
 * NOTIFICATION error codes and subcodes that flatnet sends or names (RFC 4271 §4.5, RFC 4486,
 * RFC 6608, RFC 7313, RFC 8538, RFC 9687). A received NOTIFICATION with a pair not listed here
 * keeps its raw numbers in {@link io.flatnet.bgp.wire.message.Notification}.
 */
public enum NotificationCode {
    MESSAGE_HEADER_ERROR(1, 0, "message header error"),
    CONNECTION_NOT_SYNCHRONIZED(1, 1, "connection not synchronized"),
    BAD_MESSAGE_LENGTH(1, 2, "bad message length"),
    BAD_MESSAGE_TYPE(1, 3, "bad message type"),

    OPEN_MESSAGE_ERROR(2, 0, "OPEN message error"),
    UNSUPPORTED_VERSION_NUMBER(2, 1, "unsupported version number"),
    BAD_PEER_AS(2, 2, "bad peer AS"),
    BAD_BGP_IDENTIFIER(2, 3, "bad BGP identifier"),
    UNSUPPORTED_OPTIONAL_PARAMETER(2, 4, "unsupported optional parameter"),
    UNACCEPTABLE_HOLD_TIME(2, 6, "unacceptable hold time"),
    UNSUPPORTED_CAPABILITY(2, 7, "unsupported capability"),

    UPDATE_MESSAGE_ERROR(3, 0, "UPDATE message error"),
    MALFORMED_ATTRIBUTE_LIST(3, 1, "malformed attribute list"),
    UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE(3, 2, "unrecognized well-known attribute"),
    MISSING_WELL_KNOWN_ATTRIBUTE(3, 3, "missing well-known attribute"),
    ATTRIBUTE_FLAGS_ERROR(3, 4, "attribute flags error"),
    ATTRIBUTE_LENGTH_ERROR(3, 5, "attribute length error"),
    INVALID_ORIGIN_ATTRIBUTE(3, 6, "invalid ORIGIN attribute"),
    INVALID_NEXT_HOP_ATTRIBUTE(3, 8, "invalid NEXT_HOP attribute"),
    OPTIONAL_ATTRIBUTE_ERROR(3, 9, "optional attribute error"),
    INVALID_NETWORK_FIELD(3, 10, "invalid network field"),
    MALFORMED_AS_PATH(3, 11, "malformed AS_PATH"),

    HOLD_TIMER_EXPIRED(4, 0, "hold timer expired"),

    FSM_ERROR(5, 0, "finite state machine error"),
    FSM_UNEXPECTED_MESSAGE_IN_OPEN_SENT(5, 1, "unexpected message in OpenSent"),
    FSM_UNEXPECTED_MESSAGE_IN_OPEN_CONFIRM(5, 2, "unexpected message in OpenConfirm"),
    FSM_UNEXPECTED_MESSAGE_IN_ESTABLISHED(5, 3, "unexpected message in Established"),

    CEASE(6, 0, "cease"),
    CEASE_MAX_PREFIXES_REACHED(6, 1, "maximum number of prefixes reached"),
    CEASE_ADMINISTRATIVE_SHUTDOWN(6, 2, "administrative shutdown"),
    CEASE_PEER_DECONFIGURED(6, 3, "peer de-configured"),
    CEASE_ADMINISTRATIVE_RESET(6, 4, "administrative reset"),
    CEASE_CONNECTION_REJECTED(6, 5, "connection rejected"),
    CEASE_OTHER_CONFIGURATION_CHANGE(6, 6, "other configuration change"),
    CEASE_CONNECTION_COLLISION_RESOLUTION(6, 7, "connection collision resolution"),
    CEASE_OUT_OF_RESOURCES(6, 8, "out of resources"),
    CEASE_HARD_RESET(6, 9, "hard reset"),

    ROUTE_REFRESH_INVALID_LENGTH(7, 1, "ROUTE-REFRESH invalid message length"),

    SEND_HOLD_TIMER_EXPIRED(8, 0, "send hold timer expired");

    private final int code;
    private final int subcode;
    private final String description;

    NotificationCode(int code, int subcode, String description) {
        this.code = code;
        this.subcode = subcode;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public int subcode() {
        return subcode;
    }

    public String description() {
        return description;
    }

    /** The named pair, or {@code null} when flatnet has no name for it. */
    public static NotificationCode of(int code, int subcode) {
        for (NotificationCode c : values()) {
            if (c.code == code && c.subcode == subcode) {
                return c;
            }
        }
        return null;
    }

    /** Text for logs and the API, e.g. "6/2 administrative shutdown". */
    public static String describe(int code, int subcode) {
        NotificationCode known = of(code, subcode);
        if (known != null) {
            return code + "/" + subcode + " " + known.description;
        }
        NotificationCode family = of(code, 0);
        return code + "/" + subcode + (family != null ? " " + family.description + " (subcode " + subcode + ")" : " unknown");
    }

    @Override
    public String toString() {
        return code + "/" + subcode + " " + description;
    }
}
