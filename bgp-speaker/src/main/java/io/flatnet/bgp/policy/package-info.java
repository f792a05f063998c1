/**
 * Import and export policy as typed values, no filter language. Uses {@code model} only.
 *
 * <p>The speaker calls two hooks per route and session, on the RIB thread:
 * {@link io.flatnet.bgp.policy.ImportPolicy} before a received route enters the Loc-RIB and
 * {@link io.flatnet.bgp.policy.ExportPolicy} before a best path is advertised. Both answer a
 * {@link io.flatnet.bgp.policy.PolicyResult}: accepted unchanged (a shared instance, so nothing is
 * allocated for a route that passes untouched), accepted with new attributes, or rejected with a
 * reason for logs and the API. A session is described by a {@link io.flatnet.bgp.policy.PeerContext};
 * where an exported route came from by {@link io.flatnet.bgp.policy.SourceFacts}.
 *
 * <p>A peer's configured policy is a {@link io.flatnet.bgp.policy.PeerPolicy}: a list of
 * {@link io.flatnet.bgp.policy.BgpFilter}s shaped like Calico's BGPFilter resource ({@code exportV4},
 * {@code importV4}, {@code exportV6}, {@code importV6} lists of rules with {@code action},
 * {@code cidr} + {@code matchOperator} Equal/NotEqual/In/NotIn, {@code prefixLength} min/max,
 * {@code source: RemotePeers}, {@code peerType}, communities, AS-path prefix, and operations on
 * accept). Rules are read in order across all the peer's filters and the first match decides; a
 * filter with no matching rule leaves the route to the next one, and after the last to Calico's
 * defaults: import accepts, export sends only the node's own routes (plus, on a route
 * reflector, what it reflects).
 *
 * <p>RFC 8212: {@link io.flatnet.bgp.policy.PeerPolicy#none()} is a peer with no policy at all,
 * distinct from {@link io.flatnet.bgp.policy.PeerPolicy#defaults()}; an eBGP peer in that state is
 * sent nothing and has nothing accepted, and the rejection says so.
 *
 * <p>Before any filter, every route passes the protocol's own rules,
 * {@link io.flatnet.bgp.policy.ProtocolRules}: iBGP split horizon (RFC 4271 §9.2) for a plain
 * node, or route reflection (RFC 4456), which the {@code route-reflector} module supplies without
 * the speaker knowing. Also here: per-peer {@link io.flatnet.bgp.policy.NextHopMode} and Calico's
 * {@code prefixAdvertisements} ({@link io.flatnet.bgp.policy.PrefixAdvertisements}).
 */
package io.flatnet.bgp.policy;
