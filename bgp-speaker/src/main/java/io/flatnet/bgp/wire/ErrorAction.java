package io.flatnet.bgp.wire;

/**
 * What RFC 7606 §2 tells a receiver to do with a malformed UPDATE, weakest first. When one
 * message has several errors the strongest action wins ({@link #strongest}).
 */
public enum ErrorAction {
    /** Nothing wrong. */
    NONE,
    /** Drop the malformed attribute, keep the route (RFC 7606 "attribute discard"). */
    ATTRIBUTE_DISCARD,
    /** Handle every NLRI of the message as withdrawn; the session stays up. */
    TREAT_AS_WITHDRAW,
    /** Stop using the AFI/SAFI on this session (RFC 4760 §7); reset if it is the only one. */
    AFISAFI_DISABLE,
    /** Send the NOTIFICATION and close the session. */
    SESSION_RESET;

    public static ErrorAction strongest(ErrorAction a, ErrorAction b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    public boolean atLeast(ErrorAction other) {
        return ordinal() >= other.ordinal();
    }
}
