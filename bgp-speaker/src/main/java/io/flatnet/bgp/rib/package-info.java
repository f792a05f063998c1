/**
 * The routing information bases and the decision process (RFC 4271 §3.2 and §9): per-peer
 * {@link io.flatnet.bgp.rib.AdjRibIn}s, a {@link io.flatnet.bgp.rib.LocRib} per address family,
 * best-path selection with ECMP ({@link io.flatnet.bgp.rib.BestPathSelector}, RFC 4271 §9.1.2,
 * with the route-reflection tie-breakers of RFC 4456 §9), attribute interning, and the
 * receiving-speaker side of graceful restart (RFC 4724 §4.2: stale marking, refresh, sweep on
 * End-of-RIB or timer).
 *
 * <p>Everything here is owned by one thread ({@link io.flatnet.bgp.rib.RibExecutor}); sessions
 * post events to it. Changes of best path leave as prefix ids
 * ({@link io.flatnet.bgp.rib.ChangedPrefixListener}, for export) and as
 * {@link io.flatnet.bgp.rib.BestPathChange} events (for the kernel and other listeners). Built for
 * a million IPv4 routes per peer: the Loc-RIB keeps a prefix with one candidate in columns indexed
 * by prefix id, no object per route (about 42 octets per IPv4 route with its hash slot), and makes
 * a {@link io.flatnet.bgp.rib.Path} for each reader; the Adj-RIB-In is a view of it by peer. Uses {@code model} and {@code policy}, never
 * {@code wire}.
 */
package io.flatnet.bgp.rib;
