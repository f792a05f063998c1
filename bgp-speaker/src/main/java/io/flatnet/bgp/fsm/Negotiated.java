package io.flatnet.bgp.fsm;

import java.time.Duration;
import java.util.Objects;

/**
 * What the OPEN exchange settled (RFC 4271 §4.2, §10).
 *
 * @param holdTime          the smaller of the two offered hold times; zero means no hold timer
 *                          and no keepalives
 * @param keepaliveTime     a third of the hold time, in whole seconds; zero when hold time is
 * @param peerBgpIdentifier the peer's BGP Identifier (unsigned 32 bits in an int)
 * @param peerAsn           the peer's AS number
 */
public record Negotiated(Duration holdTime, Duration keepaliveTime, int peerBgpIdentifier, long peerAsn) {

    public Negotiated {
        Objects.requireNonNull(holdTime, "holdTime");
        Objects.requireNonNull(keepaliveTime, "keepaliveTime");
    }

    /** Hold time 1 or 2 s is refused: too short to be serviced by a KEEPALIVE (RFC 4271 §4.2). */
    static boolean acceptableHoldTime(int seconds) {
        return seconds == 0 || seconds >= 3;
    }

    static Negotiated of(Duration localHoldTime, FsmEvent.OpenReceived open) {
        long hold = Math.min(localHoldTime.toSeconds(), open.holdTimeSeconds());
        // Hold times are 0 or at least 3 s, so a non-zero hold time always gives at least 1 s.
        long keepalive = hold / 3;
        return new Negotiated(
                Duration.ofSeconds(hold), Duration.ofSeconds(keepalive), open.bgpIdentifier(), open.asn());
    }

    /** False when the peers agreed on hold time 0. */
    public boolean timersEnabled() {
        return !holdTime.isZero();
    }
}
