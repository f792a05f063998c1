package io.flatnet.bgp.wire;

import java.util.Objects;

/**
 * A codec's report that the bytes of one attribute or NLRI field are malformed. The UPDATE reader
 * turns it into a {@link WireError}, adding the attribute bytes as data and choosing the action
 * when the codec leaves it to the attribute's default. Checked so that no decode path can forget
 * it; stackless because a peer's bad bytes are expected input, not a bug to trace.
 */
final class MalformedException extends Exception {
    private final NotificationCode code;
    private final ErrorAction action;

    private MalformedException(NotificationCode code, ErrorAction action, String reason) {
        super(reason, null, false, false);
        this.code = Objects.requireNonNull(code);
        this.action = action;
    }

    /** Malformed in a way that takes the attribute's default action (see {@link AttributeCodec#malformedAction()}). */
    static MalformedException of(NotificationCode code, String reason) {
        return new MalformedException(code, null, reason);
    }

    /** Malformed in a way whose action differs from the attribute's default. */
    static MalformedException withAction(NotificationCode code, ErrorAction action, String reason) {
        return new MalformedException(code, Objects.requireNonNull(action), reason);
    }

    static MalformedException length(String attribute, int actual, String expected) {
        return of(NotificationCode.ATTRIBUTE_LENGTH_ERROR, attribute + " length " + actual + ", expected " + expected);
    }

    NotificationCode code() {
        return code;
    }

    /** The action, or {@code fallback} when the codec did not choose one. */
    ErrorAction actionOr(ErrorAction fallback) {
        return action != null ? action : fallback;
    }

    String reason() {
        return getMessage();
    }
}
