/**
 * Route reflection (RFC 4456) for flatnet, outside the speaker: {@link io.flatnet.reflector.RouteReflector}
 * implements the speaker's {@link io.flatnet.bgp.policy.ProtocolRules} hook (client and non-client
 * advertisement rules, ORIGINATOR_ID and CLUSTER_LIST on reflection, loop drops on import), so the
 * speaker reflects without knowing this package exists.
 *
 * <p>{@link io.flatnet.reflector.ClientClassifier} holds Calico's rule for who is a client (the iBGP
 * peers of a node with a cluster id, unless they share it). The standalone reflector mode
 * ({@link io.flatnet.reflector.StandaloneReflector}) accepts iBGP sessions from configured ranges
 * ({@link io.flatnet.reflector.DynamicNeighbors}) and installs no routes.
 */
package io.flatnet.reflector;
