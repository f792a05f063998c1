package io.flatnet.bgp.fsm;

import io.flatnet.bgp.model.Bytes;
import java.time.Duration;
import java.util.Objects;

/**
 * What the FSM asks its driver to do, in list order. Every action concerns the one connection
 * this FSM runs: actions that follow a {@link SendNotification} must let it flush before a
 * {@link CloseConnection} closes the socket.
 */
public sealed interface FsmAction {

    /** Open an outbound TCP connection to the peer; report {@code TcpCrAcked} or {@code TcpConnectionFails}. */
    record ConnectTcp() implements FsmAction {}

    /** Close this FSM's connection, or abort its connection attempt; a no-op if there is none. */
    record CloseConnection() implements FsmAction {}

    /** Send our OPEN (the session builds it from its own configuration). */
    record SendOpen() implements FsmAction {}

    record SendKeepalive() implements FsmAction {}

    record SendNotification(int code, int subcode, Bytes data) implements FsmAction {
        public SendNotification {
            FsmErrors.requireOctet(code, "code");
            FsmErrors.requireOctet(subcode, "subcode");
            Objects.requireNonNull(data, "data");
        }

        public SendNotification(int code, int subcode) {
            this(code, subcode, Bytes.EMPTY);
        }
    }

    /** Arm the timer {@code kind} to fire after {@code delay}, replacing it if it is running. */
    record StartTimer(TimerKind kind, Duration delay) implements FsmAction {
        public StartTimer {
            Objects.requireNonNull(kind, "kind");
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("timer delay must be positive: " + delay);
            }
        }
    }

    /** Cancel the timer {@code kind}; a no-op if it is not running. */
    record StopTimer(TimerKind kind) implements FsmAction {
        public StopTimer {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * The session reached ESTABLISHED: start exchanging routes. A zero hold time means the
     * session runs without hold or keepalive timers.
     */
    record SessionEstablished(Duration holdTime, Duration keepaliveTime) implements FsmAction {
        public SessionEstablished {
            Objects.requireNonNull(holdTime, "holdTime");
            Objects.requireNonNull(keepaliveTime, "keepaliveTime");
        }
    }

    /** The session left ESTABLISHED: withdraw everything learnt from this peer. */
    record SessionDown(String reason) implements FsmAction {
        public SessionDown {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Hand the UPDATE just received to the RIB. */
    record ProcessUpdate() implements FsmAction {}

    /** Answer the ROUTE-REFRESH just received by re-advertising the Adj-RIB-Out. */
    record ProcessRouteRefresh() implements FsmAction {}
}
