package io.flatnet.bgp.fsm;

/**
 * The NOTIFICATION error codes and subcodes the FSM itself sends or inspects. The {@code wire}
 * package owns the full registry; these plain ints keep {@code fsm} free of that dependency.
 */
public final class FsmErrors {

    // Error codes (RFC 4271 §4.5, RFC 9687).
    public static final int MESSAGE_HEADER_ERROR = 1;
    public static final int OPEN_MESSAGE_ERROR = 2;
    public static final int UPDATE_MESSAGE_ERROR = 3;
    public static final int HOLD_TIMER_EXPIRED = 4;
    public static final int FSM_ERROR = 5;
    public static final int CEASE = 6;
    public static final int SEND_HOLD_TIMER_EXPIRED = 8;

    // OPEN Message Error subcodes (RFC 4271 §6.2).
    public static final int UNACCEPTABLE_HOLD_TIME = 6;

    // Finite State Machine Error subcodes (RFC 6608 §3).
    public static final int FSM_UNSPECIFIED = 0;
    public static final int FSM_UNEXPECTED_IN_OPEN_SENT = 1;
    public static final int FSM_UNEXPECTED_IN_OPEN_CONFIRM = 2;
    public static final int FSM_UNEXPECTED_IN_ESTABLISHED = 3;

    // Cease subcodes (RFC 4486).
    public static final int CEASE_ADMINISTRATIVE_SHUTDOWN = 2;
    public static final int CEASE_CONNECTION_COLLISION_RESOLUTION = 7;

    private FsmErrors() {}

    /** Codes and subcodes are single octets on the wire. */
    static int requireOctet(int value, String name) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(name + " must fit one octet: " + value);
        }
        return value;
    }
}
