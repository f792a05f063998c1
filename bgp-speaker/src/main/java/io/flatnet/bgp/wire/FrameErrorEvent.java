package io.flatnet.bgp.wire;

import java.util.Objects;

/**
 * Fired by {@link BgpFrameDecoder} as a user event ({@code userEventTriggered}) when a message
 * header is bad: the stream cannot be framed any further, and the session must send
 * {@link #error()}'s NOTIFICATION and close. After firing it the decoder discards all input.
 *
 * @param cause          the header error, with its NOTIFICATION code and data
 * @param inNotification the bad header belongs to a NOTIFICATION (marker intact, type 3): RFC
 *                       4271 §6.4 forbids answering a NOTIFICATION with one, so just close
 */
public record FrameErrorEvent(BgpWireException cause, boolean inNotification) {

    public FrameErrorEvent {
        Objects.requireNonNull(cause, "cause");
    }

    public WireError error() {
        return cause.error();
    }

    /** Whether the session may send the NOTIFICATION before closing. */
    public boolean mayNotify() {
        return !inNotification;
    }
}
