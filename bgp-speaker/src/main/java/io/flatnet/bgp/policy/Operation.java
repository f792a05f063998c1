package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.LargeCommunity;
import io.flatnet.bgp.model.route.RouteAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A change an accepting rule makes to the route (Calico's {@code operations}). Each returns the
 * very instance it was given when the route already has what it sets, so a rule whose operations
 * are all no-ops passes the route through without allocating.
 */
public sealed interface Operation {

    /**
     * @param attributes the route's attributes so far
     * @param ownAs      the AS this speaker uses on the session (for {@link PrependAsPath} without an AS)
     */
    RouteAttributes apply(RouteAttributes attributes, Asn ownAs);

    static Operation addCommunity(Community community) {
        return new AddCommunity(community);
    }

    static Operation addLargeCommunity(LargeCommunity community) {
        return new AddLargeCommunity(community);
    }

    /** Prepends the session's own AS {@code times} times. */
    static Operation prependOwnAs(int times) {
        return new PrependAsPath(Optional.empty(), times);
    }

    static Operation prepend(Asn asn, int times) {
        return new PrependAsPath(Optional.of(asn), times);
    }

    static Operation setLocalPref(long value) {
        return new SetLocalPref(value);
    }

    static Operation setMed(long value) {
        return new SetMed(value);
    }

    /** Appends a standard community unless the route already carries it. */
    record AddCommunity(Community community) implements Operation {
        public AddCommunity {
            Objects.requireNonNull(community, "community");
        }

        @Override
        public RouteAttributes apply(RouteAttributes attributes, Asn ownAs) {
            List<Community> current = attributes.communities();
            if (current.contains(community)) {
                return attributes;
            }
            List<Community> next = new ArrayList<>(current.size() + 1);
            next.addAll(current);
            next.add(community);
            return attributes.withCommunities(next);
        }
    }

    /** Appends a large community unless the route already carries it. */
    record AddLargeCommunity(LargeCommunity community) implements Operation {
        public AddLargeCommunity {
            Objects.requireNonNull(community, "community");
        }

        @Override
        public RouteAttributes apply(RouteAttributes attributes, Asn ownAs) {
            List<LargeCommunity> current = attributes.largeCommunities();
            if (current.contains(community)) {
                return attributes;
            }
            List<LargeCommunity> next = new ArrayList<>(current.size() + 1);
            next.addAll(current);
            next.add(community);
            return attributes.withLargeCommunities(next);
        }
    }

    /**
     * Puts {@code asn} (or, when empty, the session's own AS) {@code times} times at the front of
     * the AS_PATH. On export to an eBGP peer the speaker still prepends its own AS once after
     * policy, as RFC 4271 §5.1.2 requires.
     */
    record PrependAsPath(Optional<Asn> asn, int times) implements Operation {
        /** More would only make the path useless; BIRD and Calico users stay far below. */
        public static final int MAX_TIMES = 32;

        public PrependAsPath {
            Objects.requireNonNull(asn, "asn");
            if (times < 1 || times > MAX_TIMES) {
                throw new IllegalArgumentException("prepend 1.." + MAX_TIMES + " times, not " + times);
            }
        }

        @Override
        public RouteAttributes apply(RouteAttributes attributes, Asn ownAs) {
            return attributes.withPrepended(asn.orElse(ownAs), times);
        }
    }

    /** Sets LOCAL_PREF (meaningful on import, and on export to iBGP peers). */
    record SetLocalPref(long value) implements Operation {
        public SetLocalPref {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("LOCAL_PREF is unsigned 32-bit: " + value);
            }
        }

        @Override
        public RouteAttributes apply(RouteAttributes attributes, Asn ownAs) {
            if (attributes.localPref().isPresent() && attributes.localPref().getAsLong() == value) {
                return attributes;
            }
            return attributes.withLocalPref(value);
        }
    }

    /** Sets MULTI_EXIT_DISC. */
    record SetMed(long value) implements Operation {
        public SetMed {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("MED is unsigned 32-bit: " + value);
            }
        }

        @Override
        public RouteAttributes apply(RouteAttributes attributes, Asn ownAs) {
            if (attributes.med().isPresent() && attributes.med().getAsLong() == value) {
                return attributes;
            }
            return attributes.withMed(value);
        }
    }
}
