package io.flatnet.lab;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One BGP session as seen from the daemon being configured.
 *
 * @param address the peer's address (the session's transport address family follows it)
 * @param asn the peer's AS; 4-octet values are fine
 * @param localAddress our end of the session
 * @param nextHop4 the IPv4 next hop we advertise, or null if we have none
 * @param nextHop6 the global IPv6 next hop we advertise, or null. Set explicitly because an
 *     IPv4 session carrying IPv6 routes has no IPv6 source address to default to
 * @param password TCP MD5 (RFC 2385) key, or null
 * @param passive wait for the peer to connect
 * @param families the AFI/SAFIs to negotiate on this one session (multiprotocol)
 */
public record Neighbor(String address, long asn, String localAddress, String nextHop4, String nextHop6,
    String password, boolean passive, Set<Family> families) {
  public Neighbor {
    Objects.requireNonNull(address);
    Objects.requireNonNull(localAddress);
    if (asn < 1 || asn > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("AS out of range: " + asn);
    }
    families = Set.copyOf(families);
    if (families.isEmpty()) {
      throw new IllegalArgumentException("a neighbor needs at least one family");
    }
  }

  /** An IPv4-transport session from {@code local} to {@code remote}, carrying IPv4 and IPv6. */
  public static Neighbor between(Endpoint local, Endpoint remote, long remoteAs) {
    Set<Family> families = local.hasIpv6() && remote.hasIpv6()
        ? EnumSet.allOf(Family.class) : EnumSet.of(Family.IPV4_UNICAST);
    return new Neighbor(remote.ipv4(), remoteAs, local.ipv4(), local.ipv4(), local.ipv6(), null, false,
        families);
  }

  /** An IPv6-transport session from {@code local} to {@code remote}, carrying IPv4 and IPv6. */
  public static Neighbor between6(Endpoint local, Endpoint remote, long remoteAs) {
    if (!local.hasIpv6() || !remote.hasIpv6()) {
      throw new IllegalArgumentException("both ends need IPv6 for an IPv6 session");
    }
    return new Neighbor(remote.ipv6(), remoteAs, local.ipv6(), local.ipv4(), local.ipv6(), null, false,
        EnumSet.allOf(Family.class));
  }

  public Neighbor withPassword(String key) {
    return new Neighbor(address, asn, localAddress, nextHop4, nextHop6, key, passive, families);
  }

  public Neighbor asPassive() {
    return new Neighbor(address, asn, localAddress, nextHop4, nextHop6, password, true, families);
  }

  public Neighbor withFamilies(Set<Family> only) {
    return new Neighbor(address, asn, localAddress, nextHop4, nextHop6, password, passive, only);
  }

  public boolean ipv6Transport() {
    return address.indexOf(':') >= 0;
  }

  public boolean carries(Family family) {
    return families.contains(family);
  }

  /** Our next hop for routes of {@code family}, or null if we have no address of that family. */
  public String nextHop(Family family) {
    return family == Family.IPV4_UNICAST ? nextHop4 : nextHop6;
  }
}
