package io.flatnet.bgp.fsm;

/** Who opened a TCP connection. */
public enum ConnectionDirection {
    /** We connected to the peer. */
    OUTBOUND,
    /** The peer connected to us. */
    INBOUND
}
