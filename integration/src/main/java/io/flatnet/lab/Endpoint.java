package io.flatnet.lab;

import java.util.Objects;

/**
 * One end of a veth {@link Link}: the namespace and interface it lives in and the addresses the
 * lab gave it. {@code ipv6} is null on the root-namespace end of a host link, which carries
 * IPv4 only unless it was made with {@link HostIpv6#ULA}.
 */
public record Endpoint(Netns ns, String ifName, String ipv4, int ipv4PrefixLength, String ipv6,
    int ipv6PrefixLength) {
  public Endpoint {
    Objects.requireNonNull(ns);
    Objects.requireNonNull(ifName);
    Objects.requireNonNull(ipv4);
  }

  public boolean hasIpv6() {
    return ipv6 != null;
  }

  public String ipv4Cidr() {
    return ipv4 + "/" + ipv4PrefixLength;
  }

  public String ipv6Cidr() {
    return ipv6 + "/" + ipv6PrefixLength;
  }
}
