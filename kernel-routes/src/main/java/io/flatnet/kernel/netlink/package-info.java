/**
 * rtnetlink from Java through {@code java.lang.foreign} (JDK 22+), with no native library: a
 * NETLINK_ROUTE socket driven by libc downcalls (socket, bind, sendmsg, recvmsg, recvmmsg,
 * setsockopt, setns) that capture errno, and the route messages of rtnetlink(7) and RFC 3549 §3.1:
 * RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE with {@code rtmsg} and the attributes RTA_DST,
 * RTA_GATEWAY, RTA_OIF, RTA_PRIORITY, RTA_PREFSRC, RTA_TABLE and RTA_MULTIPATH
 * ({@code rtnexthop}). Layouts and numbers come from linux/netlink.h and linux/rtnetlink.h.
 *
 * <p>{@link io.flatnet.kernel.netlink.NetlinkRouteTable} batches many requests per
 * {@code sendmsg} and matches acknowledgements by sequence number;
 * {@link io.flatnet.kernel.netlink.NetlinkRouteMonitor} listens to the IPv4 and IPv6 route groups;
 * {@link io.flatnet.kernel.netlink.NetNamespace} moves a thread into a named network namespace, so
 * that tests and benchmarks program a throw-away namespace and never the host's tables.
 */
package io.flatnet.kernel.netlink;
