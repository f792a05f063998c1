package io.flatnet.bgp.fsm;

import java.util.Objects;

/**
 * RFC 4271 §6.8 connection collision resolution between us and one peer. When both sides
 * connect at once, both must independently keep the same connection: the one initiated by
 * the speaker with the higher BGP Identifier, compared as unsigned 32-bit numbers.
 *
 * <p>Resolve when an OPEN arrives on one connection while another connection to the same peer
 * is past ACTIVE; the OPEN supplies {@code remoteBgpId}.
 *
 * @param localBgpId  our BGP Identifier (unsigned 32 bits in an int)
 * @param localAsn    our AS number, for the RFC 6286 tie-break
 * @param remoteBgpId the peer's BGP Identifier from its OPEN
 * @param remoteAsn   the peer's AS number, for the RFC 6286 tie-break
 */
public record ConnectionCollision(int localBgpId, long localAsn, int remoteBgpId, long remoteAsn) {

    public ConnectionCollision {
        if (localBgpId == remoteBgpId && localAsn == remoteAsn) {
            // The session must already have refused such an OPEN with 2/3 Bad BGP Identifier.
            throw new IllegalArgumentException(
                    "identical BGP Identifier and AS on both ends: nothing can break the tie");
        }
    }

    /**
     * The direction, seen from our side, of the connection that survives: ours (OUTBOUND) if our
     * identifier is higher. Equal identifiers, possible between ASes since RFC 6286 §2.3, fall
     * back to the higher AS number.
     */
    public ConnectionDirection survivingDirection() {
        int byId = Integer.compareUnsigned(localBgpId, remoteBgpId);
        boolean localWins = byId != 0 ? byId > 0 : localAsn > remoteAsn;
        return localWins ? ConnectionDirection.OUTBOUND : ConnectionDirection.INBOUND;
    }

    /**
     * Decides between an {@code existing} connection, in {@code existingState}, and a
     * {@code newcomer} whose OPEN just arrived.
     */
    public CollisionVerdict resolve(
            SessionState existingState, ConnectionDirection existing, ConnectionDirection newcomer) {
        Objects.requireNonNull(existingState, "existingState");
        Objects.requireNonNull(existing, "existing");
        Objects.requireNonNull(newcomer, "newcomer");
        return switch (existingState) {
            case IDLE, CONNECT, ACTIVE -> CollisionVerdict.NO_COLLISION;
            // RFC 4271 §6.8: an Established session is never given up for a new connection.
            case ESTABLISHED -> CollisionVerdict.CLOSE_NEW;
            case OPEN_SENT, OPEN_CONFIRM -> {
                if (existing == newcomer) {
                    // Identifiers cannot order two connections from the same side; the newer one is
                    // the side's latest attempt, so the older one is most likely abandoned.
                    yield CollisionVerdict.CLOSE_EXISTING;
                }
                yield survivingDirection() == newcomer ? CollisionVerdict.CLOSE_EXISTING : CollisionVerdict.CLOSE_NEW;
            }
        };
    }
}
