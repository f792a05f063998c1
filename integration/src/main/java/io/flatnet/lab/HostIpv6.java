package io.flatnet.lab;

/**
 * Whether the root-namespace end of a {@link Lab#linkToHost(Netns, HostIpv6) host link} gets an
 * IPv6 address.
 *
 * <p>{@link #NONE} (the default) disables IPv6 on that end altogether. {@link #ULA} gives it
 * {@code fd00:64:SSTT:k+1::1/64} with {@code nodad}, no link-local address ({@code addrgenmode
 * none}), and router advertisements and autoconfiguration off. The kernel then adds exactly
 * the connected route of that /64 (plus its local-table entries for the address itself and, on
 * some kernels, the per-interface {@code multicast ff00::/8} entry), so IPv6 traffic to or from
 * that address can only ever use this veth, which ends in a lab namespace. The lab checks this
 * after creating the link and refuses any other IPv6 route.
 */
public enum HostIpv6 {
  NONE,
  ULA
}
