package io.flatnet.bgp.fsm;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything the FSM remembers about one connection between events. The driver keeps the
 * current value and replaces it with {@link Transition#state()} after each step.
 *
 * @param state               where the RFC 4271 state machine stands
 * @param started             administratively up: a start event came and no ManualStop since.
 *                            IDLE with {@code started} means a restart is pending
 * @param passive             started passively: never connects out, waits in ACTIVE
 * @param connectRetryCounter RFC 4271 ConnectRetryCounter: consecutive failures, driving the
 *                            backoff. Unlike RFC 4271 it resets on reaching ESTABLISHED, so a
 *                            session that stayed up long enough to establish restarts quickly
 * @param negotiated          the OPEN exchange's outcome; present exactly in OPEN_CONFIRM and
 *                            ESTABLISHED
 * @param secondConnection    this FSM runs a second connection to the peer, tracked until
 *                            collision resolution (RFC 4271 §6.8); when it drops it closes
 *                            quietly and schedules no restart, since the primary FSM owns the
 *                            peer's life cycle. {@link FsmEvent.CollisionWon} clears it
 */
public record FsmState(
        SessionState state,
        boolean started,
        boolean passive,
        int connectRetryCounter,
        Optional<Negotiated> negotiated,
        boolean secondConnection) {

    private static final FsmState INITIAL =
            new FsmState(SessionState.IDLE, false, false, 0, Optional.empty(), false);

    public FsmState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(negotiated, "negotiated");
        if (connectRetryCounter < 0) {
            throw new IllegalArgumentException("connectRetryCounter must not be negative");
        }
        // Failures go to IDLE, never back to ACTIVE, so ACTIVE is only ever a passive peer waiting.
        if (state == SessionState.ACTIVE && !passive) {
            throw new IllegalArgumentException("only a passive peer waits in ACTIVE");
        }
        if (state == SessionState.CONNECT && passive) {
            throw new IllegalArgumentException("a passive peer never connects");
        }
        boolean opensExchanged = state == SessionState.OPEN_CONFIRM || state == SessionState.ESTABLISHED;
        if (negotiated.isPresent() != opensExchanged) {
            throw new IllegalArgumentException(
                    "negotiated values exist exactly in OPEN_CONFIRM and ESTABLISHED, not " + state);
        }
    }

    /** A peer that has never been started: IDLE, refusing connections. */
    public static FsmState initial() {
        return INITIAL;
    }

    FsmState withState(SessionState next, Optional<Negotiated> nextNegotiated) {
        return new FsmState(next, started, passive, connectRetryCounter, nextNegotiated, secondConnection);
    }

    FsmState withCounter(int counter) {
        return new FsmState(state, started, passive, counter, negotiated, secondConnection);
    }

    FsmState promoted() {
        return new FsmState(state, started, passive, connectRetryCounter, negotiated, false);
    }
}
