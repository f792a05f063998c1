package io.flatnet.lab;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A route a daemon learned from a BGP peer (not one it originated), in one shape for all daemons.
 *
 * @param prefix as the daemon prints it, e.g. {@code 100.64.9.0/24}
 * @param nextHop the first (global) next hop
 * @param asPath AS numbers in order; sets are flattened
 * @param communities RFC 1997 communities as {@code "asn:value"}
 * @param peer the address of the neighbor it came from, when the daemon says so
 * @param unknownAttributes path attributes the daemon kept but does not understand, by type
 *     code, payload as lowercase hex (only daemons that show them fill this in: BIRD, GoBGP)
 */
public record ReceivedRoute(String prefix, String nextHop, List<Long> asPath, List<String> communities,
    String peer, Map<Integer, String> unknownAttributes) {
  public ReceivedRoute {
    Objects.requireNonNull(prefix);
    asPath = List.copyOf(asPath);
    communities = List.copyOf(communities);
    unknownAttributes = Map.copyOf(unknownAttributes);
  }

  public Family family() {
    return Family.of(prefix);
  }
}
