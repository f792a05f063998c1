package io.flatnet.agent.config.model;

import io.flatnet.bgp.model.IpPrefix;
import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code BGPConfiguration.spec.prefixAdvertisements}: every advertised route inside
 * {@code cidr} carries {@code communities} (names from {@code spec.communities} or literal values).
 */
public record PrefixAdvertisement(IpPrefix cidr, List<String> communities) {
    public PrefixAdvertisement {
        Objects.requireNonNull(cidr, "cidr");
        communities = List.copyOf(communities);
    }
}
