package io.flatnet.bgp.wire;

import io.flatnet.bgp.wire.message.BgpMessage;
import java.util.List;
import java.util.Objects;

/**
 * A message read off the wire together with the RFC 7606 errors found in it that did not call
 * for a session reset (those are thrown as {@link BgpWireException}). For an UPDATE whose
 * {@link #action()} is {@link ErrorAction#TREAT_AS_WITHDRAW}, every NLRI it carries, reachable or
 * not, must be handled as withdrawn; for {@link ErrorAction#ATTRIBUTE_DISCARD} the message already
 * lacks the discarded attributes.
 */
public record Decoded(BgpMessage message, List<WireError> errors) {

    public Decoded {
        Objects.requireNonNull(message, "message");
        errors = List.copyOf(errors);
    }

    public static Decoded clean(BgpMessage message) {
        return new Decoded(message, List.of());
    }

    /** The strongest action among the errors, {@link ErrorAction#NONE} when there are none. */
    public ErrorAction action() {
        ErrorAction strongest = ErrorAction.NONE;
        for (WireError e : errors) {
            strongest = ErrorAction.strongest(strongest, e.action());
        }
        return strongest;
    }
}
