package io.flatnet.bgp.fsm;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-peer FSM settings.
 *
 * @param holdTime         the Hold Time we offer: 0 (no hold timer, no keepalives) or 3..65535
 *                         whole seconds; the session puts the same value in its OPEN
 * @param openSentHoldTime the "large value" RFC 4271 §8.2.2 asks for while waiting for the
 *                         peer's OPEN (suggested 4 minutes)
 * @param backoff          connect-retry and restart delays
 * @param minSendHoldTime  RFC 9687: the SendHoldTimer runs for the larger of this and twice the
 *                         negotiated hold time (suggested 8 minutes); off when that is 0
 * @param passive          never connect out; wait for the peer
 */
public record FsmConfig(
        Duration holdTime,
        Duration openSentHoldTime,
        ConnectRetryBackoff backoff,
        Duration minSendHoldTime,
        boolean passive) {

    public static final FsmConfig DEFAULT = new FsmConfig(
            Duration.ofSeconds(90),
            Duration.ofMinutes(4),
            ConnectRetryBackoff.DEFAULT,
            Duration.ofMinutes(8),
            false);

    public FsmConfig {
        Objects.requireNonNull(holdTime, "holdTime");
        Objects.requireNonNull(openSentHoldTime, "openSentHoldTime");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(minSendHoldTime, "minSendHoldTime");
        long seconds = holdTime.toSeconds();
        if (!holdTime.equals(Duration.ofSeconds(seconds))
                || seconds < 0 || seconds > 0xFFFF || seconds == 1 || seconds == 2) {
            throw new IllegalArgumentException(
                    "hold time must be 0 or 3..65535 whole seconds (RFC 4271 §4.2): " + holdTime);
        }
        requirePositive(openSentHoldTime, "openSentHoldTime");
        requirePositive(minSendHoldTime, "minSendHoldTime");
    }

    public FsmConfig withHoldTime(Duration holdTime) {
        return new FsmConfig(holdTime, openSentHoldTime, backoff, minSendHoldTime, passive);
    }

    public FsmConfig withBackoff(ConnectRetryBackoff backoff) {
        return new FsmConfig(holdTime, openSentHoldTime, backoff, minSendHoldTime, passive);
    }

    public FsmConfig withMinSendHoldTime(Duration minSendHoldTime) {
        return new FsmConfig(holdTime, openSentHoldTime, backoff, minSendHoldTime, passive);
    }

    public FsmConfig withPassive(boolean passive) {
        return new FsmConfig(holdTime, openSentHoldTime, backoff, minSendHoldTime, passive);
    }

    /** RFC 9687 SendHoldTime for a session whose negotiated hold time is {@code negotiatedHold}. */
    Duration sendHoldTime(Duration negotiatedHold) {
        Duration twice = negotiatedHold.multipliedBy(2);
        return twice.compareTo(minSendHoldTime) > 0 ? twice : minSendHoldTime;
    }

    private static void requirePositive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
