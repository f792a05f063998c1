package io.flatnet.bgp.session;

import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.LargeCommunity;
import java.util.List;
import java.util.Objects;

/**
 * A locally originated route the speaker announces to every peer that negotiated its family,
 * with ORIGIN IGP, our AS (eBGP) or an empty AS_PATH (iBGP) and the session's own address as
 * next hop.
 */
public record Advertisement(IpPrefix prefix, List<Community> communities, List<LargeCommunity> largeCommunities) {
    public Advertisement {
        Objects.requireNonNull(prefix, "prefix");
        communities = List.copyOf(communities);
        largeCommunities = List.copyOf(largeCommunities);
    }

    public static Advertisement of(IpPrefix prefix) {
        return new Advertisement(prefix, List.of(), List.of());
    }

    public static Advertisement of(String cidr) {
        return of(IpPrefix.parse(cidr));
    }
}
