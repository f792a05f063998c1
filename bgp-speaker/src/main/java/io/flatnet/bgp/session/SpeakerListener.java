package io.flatnet.bgp.session;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.rib.RibChange;

/**
 * Told about sessions and received routes. State changes and End-of-RIB arrive on the peer's
 * event loop, route changes on the RIB executor: implementations must be quick and must not
 * block, and should hand work to their own executor.
 */
public interface SpeakerListener {

    default void stateChanged(PeerStateChange change) {}

    /** Routes of one family of one peer changed in the Adj-RIB-In. */
    default void routesChanged(RibChange change) {}

    /** All routes of one family of one peer were dropped (session down, family disabled). */
    default void routesCleared(IpAddress peer, AddressFamily family) {}

    /** The peer finished its initial advertisement of {@code family} (RFC 4724 §2). */
    default void endOfRib(IpAddress peer, AddressFamily family) {}
}
