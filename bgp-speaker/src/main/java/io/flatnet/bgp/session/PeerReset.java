package io.flatnet.bgp.session;

/** What an operator's reset of one peer did. */
public enum PeerReset {
    /**
     * Soft reset inbound: ROUTE-REFRESH (RFC 2918) was sent for every family of the session, so
     * the peer re-sends its routes; the session stays up.
     */
    ROUTE_REFRESH,
    /** The session was closed with Cease 6/4 administrative reset (RFC 4486, RFC 9003) and starts again. */
    HARD
}
