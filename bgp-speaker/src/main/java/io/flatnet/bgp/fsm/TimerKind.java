package io.flatnet.bgp.fsm;

/**
 * The timers the FSM asks its driver to arm. Each kind has at most one running instance per
 * connection; {@link FsmEvent#timerExpired(TimerKind)} gives the event to feed when it fires.
 */
public enum TimerKind {
    /** RFC 4271 ConnectRetryTimer: bounds an outbound connection attempt. */
    CONNECT_RETRY,
    /**
     * RFC 4271 HoldTimer: the peer must send something within it. Restarted on every KEEPALIVE,
     * UPDATE and ROUTE-REFRESH, so a driver may keep it as a deadline it pushes forward rather
     * than cancel and reschedule a task per message.
     */
    HOLD,
    /** RFC 4271 KeepaliveTimer: when we next send a KEEPALIVE. */
    KEEPALIVE,
    /** RFC 9687 SendHoldTimer: we must make write progress within it. */
    SEND_HOLD,
    /** RFC 4271 IdleHoldTimer: the backoff before an automatic restart after a failure. */
    IDLE_HOLD
}
