/**
 * The agent's Kubernetes mode: maps a {@link io.flatnet.k8s.ClusterSnapshot} from k8s-watch into the
 * same {@link io.flatnet.agent.config.ConfigResources} the standalone file yields (Node objects
 * become {@code kind: Node} resources, Secret references become the keys they name), so both
 * modes share one reader, one set of checks and one {@link io.flatnet.agent.config.view.NodeView}
 * computation; adds the per-service routes of
 * {@link io.flatnet.k8s.ServiceAdvertisements}; applies the result to the speaker as whole desired
 * sets; and reports the node's BGP status back as a {@code BGPNodeStatus}.
 */
package io.flatnet.agent.k8s;
