package io.flatnet.agent.config.model;

import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.LargeCommunity;

/** A community as Calico writes it: standard {@code aa:nn} or large {@code aa:nn:mm}. */
public sealed interface CommunityValue {

    record Standard(Community community) implements CommunityValue {
        @Override public String toString() { return community.toString(); }
    }

    record Large(LargeCommunity community) implements CommunityValue {
        @Override public String toString() { return community.toString(); }
    }

    /** Two colon-separated parts make a standard community, three a large one. */
    static CommunityValue parse(String text) {
        long colons = text.chars().filter(c -> c == ':').count();
        if (colons == 1) {
            return new Standard(Community.parse(text));
        }
        if (colons == 2) {
            return new Large(LargeCommunity.parse(text));
        }
        throw new IllegalArgumentException("a community is 'aa:nn' (standard) or 'aa:nn:mm' (large), not '" + text + "'");
    }
}
