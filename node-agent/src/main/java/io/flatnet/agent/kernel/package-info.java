/**
 * Wires the Loc-RIB to the kernel (DESIGN §2: best path and ECMP set, then kernel-routes desired
 * state, then a netlink batch). {@link io.flatnet.agent.kernel.KernelInstaller} listens to the
 * speaker's best-path changes, maps each learned best path and its ECMP set to a multipath route
 * ({@link io.flatnet.agent.kernel.RouteMapper}), adds the node's own blackhole routes (pod CIDR
 * blocks and service ranges, {@link io.flatnet.agent.kernel.LocalRanges}) and hands coalesced
 * batches to {@link io.flatnet.kernel.RouteSyncer} on one thread of its own, never the RIB thread.
 *
 * <p>Restart safety (DESIGN §8, RFC 4724 §4.1): routes of our protocol found at start are adopted,
 * never flushed, and the speaker then starts as a restarting speaker; what is still stale is swept
 * once every graceful-restart peer has sent End-of-RIB, or when the restart time runs out. On a
 * normal exit the routes stay; only a decommission removes them.
 */
package io.flatnet.agent.kernel;
