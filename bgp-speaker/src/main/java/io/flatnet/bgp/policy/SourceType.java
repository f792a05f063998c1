package io.flatnet.bgp.policy;

/** Where a route in the Loc-RIB came from, as export rules see it (Calico's {@code source}). */
public enum SourceType {
    /** Originated by this speaker (its advertisements). */
    LOCAL,
    /** Learned from an eBGP peer. */
    EBGP,
    /** Learned from an iBGP peer. */
    IBGP
}
