package io.flatnet.lab;

/** The address families the lab's daemons negotiate (RFC 4760 AFI/SAFI). */
public enum Family {
  IPV4_UNICAST,
  IPV6_UNICAST;

  /** The family a prefix such as {@code 100.64.1.0/24} or {@code fd00::/48} belongs to. */
  public static Family of(String prefix) {
    return prefix.indexOf(':') >= 0 ? IPV6_UNICAST : IPV4_UNICAST;
  }
}
