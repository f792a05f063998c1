package io.flatnet.agent.config.view;

import io.flatnet.agent.config.model.CommunityValue;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.LargeCommunity;
import io.flatnet.bgp.session.Advertisement;
import java.util.List;
import java.util.Objects;

/**
 * A prefix the node advertises, why, and the communities {@code prefixAdvertisements} attach.
 * Maps 1:1 to the speaker's {@link Advertisement}.
 */
public record ViewAdvertisement(IpPrefix prefix, AdvertisementSource source, List<CommunityValue> communities) {
    public ViewAdvertisement {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(source, "source");
        communities = List.copyOf(communities);
    }

    public Advertisement toAdvertisement() {
        List<Community> standard = communities.stream().filter(CommunityValue.Standard.class::isInstance)
                .map(c -> ((CommunityValue.Standard) c).community()).distinct().toList();
        List<LargeCommunity> large = communities.stream().filter(CommunityValue.Large.class::isInstance)
                .map(c -> ((CommunityValue.Large) c).community()).distinct().toList();
        return new Advertisement(prefix, standard, large);
    }
}
