package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.LargeCommunity;
import io.flatnet.bgp.model.route.RouteAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Calico's {@code prefixAdvertisements}: communities added to the node's own advertisements by
 * prefix. Every entry whose cidr contains the route's prefix contributes its communities, in
 * entry order, skipping those the route already carries. Applies to locally originated routes
 * only: a reflector must not change what it reflects.
 *
 * <p>Cheapest applied once, when the speaker builds the attributes of a local advertisement
 * ({@link #apply}); {@link #asExportPolicy()} offers the same as a hook.
 */
public record PrefixAdvertisements(List<PrefixAdvertisement> entries) {
    public static final PrefixAdvertisements NONE = new PrefixAdvertisements(List.of());

    public PrefixAdvertisements {
        entries = List.copyOf(entries);
    }

    public static PrefixAdvertisements of(PrefixAdvertisement... entries) {
        return new PrefixAdvertisements(List.of(entries));
    }

    /** {@code attributes} with the communities for {@code prefix} added: the same instance when none apply. */
    public RouteAttributes apply(IpPrefix prefix, RouteAttributes attributes) {
        List<Community> communities = null;
        List<LargeCommunity> large = null;
        for (int i = 0; i < entries.size(); i++) {
            PrefixAdvertisement entry = entries.get(i);
            if (!CidrMatch.contains(entry.cidr(), prefix)) {
                continue;
            }
            for (int j = 0; j < entry.communities().size(); j++) {
                Community c = entry.communities().get(j);
                if (!attributes.communities().contains(c) && (communities == null || !communities.contains(c))) {
                    if (communities == null) {
                        communities = new ArrayList<>(attributes.communities());
                    }
                    communities.add(c);
                }
            }
            for (int j = 0; j < entry.largeCommunities().size(); j++) {
                LargeCommunity c = entry.largeCommunities().get(j);
                if (!attributes.largeCommunities().contains(c) && (large == null || !large.contains(c))) {
                    if (large == null) {
                        large = new ArrayList<>(attributes.largeCommunities());
                    }
                    large.add(c);
                }
            }
        }
        if (communities == null && large == null) {
            return attributes;
        }
        RouteAttributes.Builder b = attributes.toBuilder();
        if (communities != null) {
            b.communities(communities);
        }
        if (large != null) {
            b.largeCommunities(large);
        }
        return b.build();
    }

    /** The same as an export hook for routes whose source is LOCAL; others pass untouched. */
    public ExportPolicy asExportPolicy() {
        return (prefix, attributes, source, to) -> source.sourceKind() != SourceKind.LOCAL
                ? PolicyResult.unchanged()
                : PolicyResult.accepted(attributes, apply(prefix, attributes));
    }
}
