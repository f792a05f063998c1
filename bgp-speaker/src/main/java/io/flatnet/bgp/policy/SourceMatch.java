package io.flatnet.bgp.policy;

/** A rule's {@code source} condition. */
public enum SourceMatch {
    /** No condition on the source. */
    ANY,
    /** Learned from a BGP peer, eBGP or iBGP (Calico's {@code source: RemotePeers}). */
    REMOTE_PEERS,
    /** The node's own advertisements. */
    LOCAL;

    public boolean matches(SourceKind kind) {
        return switch (this) {
            case ANY -> true;
            case REMOTE_PEERS -> kind != SourceKind.LOCAL;
            case LOCAL -> kind == SourceKind.LOCAL;
        };
    }
}
