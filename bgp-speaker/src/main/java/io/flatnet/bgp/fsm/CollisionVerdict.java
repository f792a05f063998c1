package io.flatnet.bgp.fsm;

/**
 * The outcome of {@link ConnectionCollision#resolve}. The losing connection is closed by
 * feeding {@link FsmEvent.OpenCollisionDump} to its FSM (Cease 6/7); the winner gets
 * {@link FsmEvent.CollisionWon}.
 */
public enum CollisionVerdict {
    /** The existing connection no longer competes (it is not past ACTIVE): carry on with the new one. */
    NO_COLLISION,
    /** Keep the existing connection; close the new one. */
    CLOSE_NEW,
    /** Keep the new connection; close the existing one. */
    CLOSE_EXISTING
}
