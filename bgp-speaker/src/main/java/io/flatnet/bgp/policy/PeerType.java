package io.flatnet.bgp.policy;

/** Whether a peer is in another AS (eBGP) or in ours (iBGP); Calico's {@code peerType}. */
public enum PeerType {
    EBGP,
    IBGP
}
