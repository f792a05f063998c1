package io.flatnet.bgp.session;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.rib.BestPathChange;

/**
 * Told about sessions and the Loc-RIB. State changes and End-of-RIB arrive on the peer's event
 * loop, best-path changes on the RIB thread: implementations must be quick and must not block,
 * and should hand work to their own executor.
 */
public interface SpeakerListener {

    default void stateChanged(PeerStateChange change) {}

    /**
     * The best path or ECMP set of a prefix changed in the Loc-RIB (what the kernel should
     * forward over). Called on the RIB thread, in order.
     */
    default void bestPathChanged(BestPathChange change) {}

    /** The peer finished its initial advertisement of {@code family} (RFC 4724 §2). */
    default void endOfRib(IpAddress peer, AddressFamily family) {}
}
