package io.flatnet.bgp.fsm;

/** The six states of the RFC 4271 §8.2.2 BGP finite state machine, in handshake order. */
public enum SessionState {
    /** Refusing connections; either stopped or waiting for the idle hold timer to restart. */
    IDLE,
    /** Our outbound TCP connection attempt is in progress. */
    CONNECT,
    /** Passive: waiting for the peer to connect to us. */
    ACTIVE,
    /** TCP is up and our OPEN is sent; waiting for the peer's OPEN. */
    OPEN_SENT,
    /** OPENs exchanged; waiting for the peer's KEEPALIVE. */
    OPEN_CONFIRM,
    /** The session is up: UPDATEs flow. */
    ESTABLISHED
}
