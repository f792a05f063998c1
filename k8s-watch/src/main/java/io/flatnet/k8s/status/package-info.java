/**
 * The agent's report back to the API: one {@code BGPNodeStatus} object ({@code flatnet.io/v1},
 * cluster-scoped, named after the node) with the node's peers, their state and since when, route
 * counts and the last error, so that {@code kubectl get bgpnodestatus} answers what
 * {@code flatnetctl node status} answers on the node. Written only on change and at most every
 * few seconds.
 */
package io.flatnet.k8s.status;
