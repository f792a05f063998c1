package io.flatnet.bgp.policy;

/**
 * How a route reached this speaker. Calico's {@code source: RemotePeers} matches {@link #EBGP}
 * and {@link #IBGP}; the node's own advertisements are {@link #LOCAL}.
 */
public enum SourceKind {
    /** Originated by this speaker (pod CIDR blocks, Service IPs, static advertisements). */
    LOCAL,
    /** Learned from a peer in another AS. */
    EBGP,
    /** Learned from a peer in the local AS. */
    IBGP;

    public boolean isRemotePeer() {
        return this != LOCAL;
    }
}
