package io.flatnet.agent.config.view;

/** Why a node has a peer, as {@code flatnetctl node status} will show it. */
public enum PeerKind {
    /** The node-to-node mesh: another node of the cluster. */
    MESH("node-to-node mesh"),
    /** A BGPPeer with neither node nor nodeSelector: every node has it. */
    GLOBAL("global"),
    /** A BGPPeer with {@code node: <this node>}. */
    NODE_SPECIFIC("node specific"),
    /** A BGPPeer whose {@code nodeSelector} selects this node. */
    SELECTOR("selector");

    private final String label;

    PeerKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
