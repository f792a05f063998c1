/**
 * Programs the Linux FIB: a reconcile loop ({@link io.flatnet.kernel.RouteSyncer}) that diffs the
 * desired routes (Loc-RIB best paths and ECMP sets, plus the node's blackhole routes) against the
 * kernel's routes of flatnet's protocol id (186, {@code proto bgp}) and applies only the
 * difference. It never flushes: routes found at start are adopted and swept only after graceful
 * restart, routes stay on exit, and routes of every other protocol are never written.
 *
 * <p>{@link io.flatnet.kernel.KernelRouteTable} is the seam: {@code netlink.NetlinkRouteTable}
 * talks rtnetlink (rtnetlink(7), RFC 3549) to the real kernel, {@link
 * io.flatnet.kernel.InMemoryRouteTable} models it for tests. Values ({@link
 * io.flatnet.kernel.KernelRoute}, {@link io.flatnet.kernel.Prefix}, {@link
 * io.flatnet.kernel.NextHop}) are canonical records, so a desired route and the kernel's copy of it
 * compare equal. Needs only the JDK; it knows nothing of BGP: the agent maps Loc-RIB paths to
 * {@code KernelRoute}s.
 */
package io.flatnet.kernel;
