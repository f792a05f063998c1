package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.LargeCommunity;
import java.util.List;
import java.util.Objects;

/**
 * One entry of Calico's {@code prefixAdvertisements}: the node's own routes inside {@code cidr}
 * carry these communities. See {@link PrefixAdvertisements}.
 */
public record PrefixAdvertisement(IpPrefix cidr, List<Community> communities, List<LargeCommunity> largeCommunities) {
    public PrefixAdvertisement {
        Objects.requireNonNull(cidr, "cidr");
        communities = List.copyOf(communities);
        largeCommunities = List.copyOf(largeCommunities);
    }

    public static PrefixAdvertisement of(String cidr, List<Community> communities, List<LargeCommunity> largeCommunities) {
        return new PrefixAdvertisement(IpPrefix.parse(cidr), communities, largeCommunities);
    }
}
