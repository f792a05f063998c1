package io.flatnet.lab;

/**
 * Whether veth ends get the kernel's automatic IPv6 link-local address.
 *
 * <p>The lab's default is {@link #OFF}: with no fe80:: address a speaker advertises only the
 * global next hop the lab assigned, which keeps next hops predictable, and FRR's bgpd running
 * without zebra cannot use a link-local next hop at all (it has no interface table and
 * treats such an MP_REACH_NLRI as withdrawn). Use {@link #ON} to test link-local handling.
 */
public enum LinkLocal {
  ON,
  OFF
}
