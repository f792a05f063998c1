package io.flatnet.agent.config.view;

/** Why a node advertises a prefix. */
public enum AdvertisementSource {
    /** One of the node's {@code podCIDRs}. */
    POD_CIDR,
    /** A range of BGPConfiguration {@code serviceClusterIPs}. */
    SERVICE_CLUSTER_IPS,
    /** A range of BGPConfiguration {@code serviceExternalIPs}. */
    SERVICE_EXTERNAL_IPS,
    /** A range of BGPConfiguration {@code serviceLoadBalancerIPs}. */
    SERVICE_LOAD_BALANCER_IPS
}
