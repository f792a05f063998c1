package io.flatnet.k8s.crd;

/** Group, version and plural names of the flatnet custom resources. */
public enum FlatnetCrd {
    BGP_CONFIGURATION("BGPConfiguration", "bgpconfigurations"),
    BGP_PEER("BGPPeer", "bgppeers"),
    BGP_FILTER("BGPFilter", "bgpfilters"),
    BGP_NODE_STATUS("BGPNodeStatus", "bgpnodestatuses");

    public static final String GROUP = "flatnet.io";
    public static final String VERSION = "v1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    private final String kind;
    private final String plural;

    FlatnetCrd(String kind, String plural) {
        this.kind = kind;
        this.plural = plural;
    }

    public String kind() {
        return kind;
    }

    public String plural() {
        return plural;
    }
}
