/**
 * A harness (not a test) that times installing and removing many routes through
 * {@link io.flatnet.kernel.RouteSyncer} and {@link io.flatnet.kernel.netlink.NetlinkRouteTable} in
 * a throw-away network namespace, for the FIB targets of issue 4. Run with {@code scripts/bench-fib}.
 */
package io.flatnet.kernel.bench;
