package io.flatnet.bgp.fsm;

import io.flatnet.bgp.model.Bytes;
import java.util.Objects;

/**
 * What the driver tells the FSM: the RFC 4271 §8.1 events flatnet uses, plus two of its own
 * ({@link SendProgress}, {@link CollisionWon}). Messages arrive already decoded and validated
 * by the session; the FSM only needs the facts carried here.
 */
public sealed interface FsmEvent {

    // --- Administrative events (RFC 4271 §8.1.2) ---

    /** Event 1: operator start; connects unless the peer is configured passive. */
    record ManualStart() implements FsmEvent {}

    /** Event 4: operator start, waiting for the peer to connect. */
    record ManualStartPassive() implements FsmEvent {}

    /** Event 2: operator stop; sends Cease/Administrative Shutdown once an OPEN went out. */
    record ManualStop() implements FsmEvent {}

    /** Event 3: start without operator action; keeps the failure count, so backoff goes on. */
    record AutomaticStart() implements FsmEvent {}

    /** Event 5: as {@link AutomaticStart}, waiting for the peer to connect. */
    record AutomaticStartPassive() implements FsmEvent {}

    // --- Timer events (RFC 4271 §8.1.3, RFC 9687) ---

    /** Event 9. */
    record ConnectRetryTimerExpired() implements FsmEvent {}

    /** Event 10. */
    record HoldTimerExpired() implements FsmEvent {}

    /** Event 11. */
    record KeepaliveTimerExpired() implements FsmEvent {}

    /** Event 13: the restart backoff is over; restarts in the mode the peer was started with. */
    record IdleHoldTimerExpired() implements FsmEvent {}

    /** RFC 9687 SendHoldTimer_Expires: the peer has not let us write for SendHoldTime. */
    record SendHoldTimerExpired() implements FsmEvent {}

    // --- TCP connection events (RFC 4271 §8.1.4) ---

    /** Event 16: our outbound connection completed. */
    record TcpCrAcked() implements FsmEvent {}

    /**
     * Event 17: we accepted the peer's inbound connection. If the FSM is in CONNECT, it
     * switches to this connection; the driver aborts its own pending attempt (or, if that
     * attempt completes anyway, tracks it with {@link PeerFsm#trackSecondConnection}).
     */
    record TcpConnectionConfirmed() implements FsmEvent {}

    /** Event 18: the connection, or the attempt to make one, failed or was closed by the peer. */
    record TcpConnectionFails() implements FsmEvent {}

    // --- BGP message events (RFC 4271 §8.1.5) ---

    /**
     * Event 19: a well-formed OPEN. The session has checked version, ASN, identifier and
     * capabilities; the FSM checks the hold time (1 and 2 are refused with 2/6).
     *
     * @param holdTimeSeconds the peer's Hold Time field, 0..65535
     * @param bgpIdentifier   the peer's BGP Identifier, an unsigned 32-bit value held in an int
     * @param asn             the peer's AS number (4-octet capable), 0..2^32-1
     */
    record OpenReceived(int holdTimeSeconds, int bgpIdentifier, long asn) implements FsmEvent {
        public OpenReceived {
            if (holdTimeSeconds < 0 || holdTimeSeconds > 0xFFFF) {
                throw new IllegalArgumentException("hold time out of range: " + holdTimeSeconds);
            }
            if (asn < 0 || asn > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("ASN out of range: " + asn);
            }
        }
    }

    /**
     * A received message the session could not accept; the FSM answers with a NOTIFICATION
     * carrying exactly this code, subcode and data.
     */
    sealed interface MessageError extends FsmEvent {
        int code();

        int subcode();

        Bytes data();
    }

    /** Event 21: a bad message header (normally code 1). */
    record HeaderError(int code, int subcode, Bytes data) implements MessageError {
        public HeaderError {
            FsmErrors.requireOctet(code, "code");
            FsmErrors.requireOctet(subcode, "subcode");
            Objects.requireNonNull(data, "data");
        }
    }

    /** Event 22: a bad OPEN (normally code 2). */
    record OpenMessageError(int code, int subcode, Bytes data) implements MessageError {
        public OpenMessageError {
            FsmErrors.requireOctet(code, "code");
            FsmErrors.requireOctet(subcode, "subcode");
            Objects.requireNonNull(data, "data");
        }
    }

    /**
     * Event 28: an UPDATE error that resets the session (normally code 3). Under RFC 7606 most
     * UPDATE errors are treat-as-withdraw and never reach the FSM; only session resets do.
     */
    record UpdateMessageError(int code, int subcode, Bytes data) implements MessageError {
        public UpdateMessageError {
            FsmErrors.requireOctet(code, "code");
            FsmErrors.requireOctet(subcode, "subcode");
            Objects.requireNonNull(data, "data");
        }
    }

    /** Events 24 and 25: the peer sent a NOTIFICATION and is closing. */
    record NotificationReceived(int code, int subcode) implements FsmEvent {
        public NotificationReceived {
            FsmErrors.requireOctet(code, "code");
            FsmErrors.requireOctet(subcode, "subcode");
        }
    }

    /** Event 26. */
    record KeepaliveReceived() implements FsmEvent {}

    /** Event 27: a valid UPDATE; the FSM answers {@link FsmAction.ProcessUpdate} when it may be used. */
    record UpdateReceived() implements FsmEvent {}

    /** RFC 7313 ROUTE-REFRESH; like an UPDATE it counts as a sign of life. */
    record RouteRefreshReceived() implements FsmEvent {}

    /**
     * Event 23: collision resolution ({@link ConnectionCollision}) chose to close this
     * connection. The FSM sends Cease 6/7 and goes to IDLE without scheduling a restart,
     * because the peer lives on over the other connection; the driver then discards this FSM.
     */
    record OpenCollisionDump() implements FsmEvent {}

    // --- flatnet events ---

    /**
     * The socket accepted queued bytes (a write completed). Restarts the RFC 9687
     * SendHoldTimer in ESTABLISHED; ignored elsewhere. Report it per flush, not per message.
     */
    record SendProgress() implements FsmEvent {}

    /**
     * Collision resolution kept this connection. For a tracked second connection this makes it
     * the peer's primary FSM, which restarts after failures; for the primary it changes nothing.
     */
    record CollisionWon() implements FsmEvent {}

    /** The event to feed when a timer of {@code kind} fires. */
    static FsmEvent timerExpired(TimerKind kind) {
        return switch (kind) {
            case CONNECT_RETRY -> new ConnectRetryTimerExpired();
            case HOLD -> new HoldTimerExpired();
            case KEEPALIVE -> new KeepaliveTimerExpired();
            case SEND_HOLD -> new SendHoldTimerExpired();
            case IDLE_HOLD -> new IdleHoldTimerExpired();
        };
    }
}
