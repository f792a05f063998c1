package io.flatnet.lab;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a lab daemon is told at start: its AS and router id, its sessions, and the prefixes it
 * originates (announced to every neighbor carrying the prefix's family). Timers are short
 * (hold {@link #HOLD_TIME_SECONDS} s) so that failures show within a test's patience.
 */
public record BgpConfig(long asn, String routerId, List<Neighbor> neighbors, Set<String> prefixes) {
  public static final int HOLD_TIME_SECONDS = 9;
  public static final int KEEPALIVE_SECONDS = 3;
  public static final int CONNECT_RETRY_SECONDS = 2;

  public BgpConfig {
    Objects.requireNonNull(routerId);
    neighbors = List.copyOf(neighbors);
    prefixes = Set.copyOf(new LinkedHashSet<>(prefixes));
  }

  public static BgpConfig of(long asn, String routerId) {
    return new BgpConfig(asn, routerId, List.of(), Set.of());
  }

  public BgpConfig withNeighbor(Neighbor neighbor) {
    List<Neighbor> more = new ArrayList<>(neighbors);
    more.add(neighbor);
    return new BgpConfig(asn, routerId, more, prefixes);
  }

  public BgpConfig announcing(String... more) {
    Set<String> all = new LinkedHashSet<>(prefixes);
    all.addAll(List.of(more));
    return new BgpConfig(asn, routerId, neighbors, all);
  }

  public Neighbor neighbor(String address) {
    return neighbors.stream().filter(n -> n.address().equals(address)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no neighbor " + address));
  }

  /** The first neighbor's next hop for {@code family}, for daemons that need one per route. */
  String anyNextHop(Family family) {
    return neighbors.stream().map(n -> n.nextHop(family)).filter(Objects::nonNull).findFirst().orElse(null);
  }
}
