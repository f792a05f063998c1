package io.flatnet.bgp.model.route;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.ExtendedCommunity;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.LargeCommunity;
import io.flatnet.bgp.model.RouterId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The path attributes of a route (RFC 4271 §5), immutable, with value equality so the RIB can
 * intern equal sets. Lists keep the order they arrived in; communities are not sorted or
 * de-duplicated, so a set received twice in different orders is two sets.
 *
 * @param origin              ORIGIN
 * @param asPath              AS_PATH, 4-octet ASNs
 * @param nextHop             the next hop, from NEXT_HOP or MP_REACH_NLRI
 * @param linkLocalNextHop    the IPv6 link-local next hop of RFC 2545, when one was sent
 * @param med                 MULTI_EXIT_DISC, when present
 * @param localPref           LOCAL_PREF, when present
 * @param atomicAggregate     ATOMIC_AGGREGATE is present
 * @param aggregator          AGGREGATOR, when present
 * @param communities         COMMUNITIES (RFC 1997)
 * @param extendedCommunities EXTENDED_COMMUNITIES (RFC 4360)
 * @param largeCommunities    LARGE_COMMUNITY (RFC 8092)
 * @param originatorId        ORIGINATOR_ID (RFC 4456), when present
 * @param clusterList         CLUSTER_LIST (RFC 4456), nearest cluster first; empty when absent
 * @param unknownTransitive   optional transitive attributes carried without being understood
 */
public record RouteAttributes(
        RouteOrigin origin,
        AsPath asPath,
        IpAddress nextHop,
        Optional<IpAddress> linkLocalNextHop,
        OptionalLong med,
        OptionalLong localPref,
        boolean atomicAggregate,
        Optional<Aggregator> aggregator,
        List<Community> communities,
        List<ExtendedCommunity> extendedCommunities,
        List<LargeCommunity> largeCommunities,
        Optional<RouterId> originatorId,
        List<RouterId> clusterList,
        List<OpaqueAttribute> unknownTransitive) {

    public RouteAttributes {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(asPath, "asPath");
        Objects.requireNonNull(nextHop, "nextHop");
        Objects.requireNonNull(linkLocalNextHop, "linkLocalNextHop");
        linkLocalNextHop.ifPresent(ll -> {
            if (!ll.isLinkLocal()) {
                throw new IllegalArgumentException("not an IPv6 link-local next hop: " + ll);
            }
            if (nextHop.afi() != Afi.IPV6) {
                throw new IllegalArgumentException("a link-local next hop goes with an IPv6 global next hop");
            }
        });
        checkUnsigned32("MED", med);
        checkUnsigned32("LOCAL_PREF", localPref);
        Objects.requireNonNull(aggregator, "aggregator");
        communities = List.copyOf(communities);
        extendedCommunities = List.copyOf(extendedCommunities);
        largeCommunities = List.copyOf(largeCommunities);
        Objects.requireNonNull(originatorId, "originatorId");
        clusterList = List.copyOf(clusterList);
        unknownTransitive = List.copyOf(unknownTransitive);
    }

    private static void checkUnsigned32(String name, OptionalLong value) {
        Objects.requireNonNull(value, name);
        if (value.isPresent() && (value.getAsLong() < 0 || value.getAsLong() > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException(name + " is unsigned 32-bit: " + value.getAsLong());
        }
    }

    /** The three mandatory attributes and nothing else. */
    public static RouteAttributes of(RouteOrigin origin, AsPath asPath, IpAddress nextHop) {
        return builder(origin, asPath, nextHop).build();
    }

    public static Builder builder(RouteOrigin origin, AsPath asPath, IpAddress nextHop) {
        return new Builder(origin, asPath, nextHop);
    }

    /** A builder starting from this set's values. */
    public Builder toBuilder() {
        Builder b = new Builder(origin, asPath, nextHop);
        b.linkLocalNextHop = linkLocalNextHop;
        b.med = med;
        b.localPref = localPref;
        b.atomicAggregate = atomicAggregate;
        b.aggregator = aggregator;
        b.communities = communities;
        b.extendedCommunities = extendedCommunities;
        b.largeCommunities = largeCommunities;
        b.originatorId = originatorId;
        b.clusterList = clusterList;
        b.unknownTransitive = unknownTransitive;
        return b;
    }

    // Withers for what policy and the export path change.

    public RouteAttributes withOrigin(RouteOrigin value) {
        return toBuilder().origin(value).build();
    }

    public RouteAttributes withAsPath(AsPath value) {
        return toBuilder().asPath(value).build();
    }

    /** The AS path with {@code asn} prepended {@code times} times. */
    public RouteAttributes withPrepended(Asn asn, int times) {
        return withAsPath(asPath.prepend(asn, times));
    }

    /** A new next hop; the link-local next hop is dropped (it belonged to the old one). */
    public RouteAttributes withNextHop(IpAddress value) {
        return toBuilder().nextHop(value).linkLocalNextHop(Optional.empty()).build();
    }

    public RouteAttributes withNextHop(IpAddress value, Optional<IpAddress> linkLocal) {
        return toBuilder().nextHop(value).linkLocalNextHop(linkLocal).build();
    }

    public RouteAttributes withMed(long value) {
        return toBuilder().med(OptionalLong.of(value)).build();
    }

    public RouteAttributes withoutMed() {
        return toBuilder().med(OptionalLong.empty()).build();
    }

    public RouteAttributes withLocalPref(long value) {
        return toBuilder().localPref(OptionalLong.of(value)).build();
    }

    public RouteAttributes withoutLocalPref() {
        return toBuilder().localPref(OptionalLong.empty()).build();
    }

    public RouteAttributes withCommunities(List<Community> value) {
        return toBuilder().communities(value).build();
    }

    public RouteAttributes withExtendedCommunities(List<ExtendedCommunity> value) {
        return toBuilder().extendedCommunities(value).build();
    }

    public RouteAttributes withLargeCommunities(List<LargeCommunity> value) {
        return toBuilder().largeCommunities(value).build();
    }

    public RouteAttributes withOriginatorId(Optional<RouterId> value) {
        return toBuilder().originatorId(value).build();
    }

    public RouteAttributes withClusterList(List<RouterId> value) {
        return toBuilder().clusterList(value).build();
    }

    public RouteAttributes withUnknownTransitive(List<OpaqueAttribute> value) {
        return toBuilder().unknownTransitive(value).build();
    }

    /** Accumulates values for a {@link RouteAttributes}; optional attributes start absent. */
    public static final class Builder {
        private RouteOrigin origin;
        private AsPath asPath;
        private IpAddress nextHop;
        private Optional<IpAddress> linkLocalNextHop = Optional.empty();
        private OptionalLong med = OptionalLong.empty();
        private OptionalLong localPref = OptionalLong.empty();
        private boolean atomicAggregate;
        private Optional<Aggregator> aggregator = Optional.empty();
        private List<Community> communities = List.of();
        private List<ExtendedCommunity> extendedCommunities = List.of();
        private List<LargeCommunity> largeCommunities = List.of();
        private Optional<RouterId> originatorId = Optional.empty();
        private List<RouterId> clusterList = List.of();
        private List<OpaqueAttribute> unknownTransitive = List.of();

        private Builder(RouteOrigin origin, AsPath asPath, IpAddress nextHop) {
            this.origin = origin;
            this.asPath = asPath;
            this.nextHop = nextHop;
        }

        public Builder origin(RouteOrigin value) {
            origin = value;
            return this;
        }

        public Builder asPath(AsPath value) {
            asPath = value;
            return this;
        }

        public Builder nextHop(IpAddress value) {
            nextHop = value;
            return this;
        }

        public Builder linkLocalNextHop(Optional<IpAddress> value) {
            linkLocalNextHop = value;
            return this;
        }

        public Builder med(OptionalLong value) {
            med = value;
            return this;
        }

        public Builder med(long value) {
            return med(OptionalLong.of(value));
        }

        public Builder localPref(OptionalLong value) {
            localPref = value;
            return this;
        }

        public Builder localPref(long value) {
            return localPref(OptionalLong.of(value));
        }

        public Builder atomicAggregate(boolean value) {
            atomicAggregate = value;
            return this;
        }

        public Builder aggregator(Optional<Aggregator> value) {
            aggregator = value;
            return this;
        }

        public Builder communities(List<Community> value) {
            communities = value;
            return this;
        }

        public Builder extendedCommunities(List<ExtendedCommunity> value) {
            extendedCommunities = value;
            return this;
        }

        public Builder largeCommunities(List<LargeCommunity> value) {
            largeCommunities = value;
            return this;
        }

        public Builder originatorId(Optional<RouterId> value) {
            originatorId = value;
            return this;
        }

        public Builder originatorId(RouterId value) {
            return originatorId(Optional.of(value));
        }

        public Builder clusterList(List<RouterId> value) {
            clusterList = value;
            return this;
        }

        public Builder unknownTransitive(List<OpaqueAttribute> value) {
            unknownTransitive = value;
            return this;
        }

        public RouteAttributes build() {
            return new RouteAttributes(origin, asPath, nextHop, linkLocalNextHop, med, localPref, atomicAggregate,
                    aggregator, communities, extendedCommunities, largeCommunities, originatorId, clusterList,
                    unknownTransitive);
        }
    }
}
