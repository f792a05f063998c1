package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.LargeCommunity;
import io.flatnet.bgp.model.route.AsPath;
import io.flatnet.bgp.model.route.AsPathSegment;
import io.flatnet.bgp.model.route.RouteAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One rule of a {@link BgpFilter}, shaped like a Calico BGPFilter rule. A route matches when every
 * condition that is set holds; an unset condition matches everything, so a rule with none set
 * matches every route. On a match the {@link #action} decides and, for ACCEPT, the
 * {@link #operations} are applied in order.
 *
 * <p>Build with {@link #accept()} or {@link #reject()} and the withers:
 * {@code FilterRule.accept().in("10.244.0.0/16").prefixLength(24, 26).addCommunity(...)}.
 *
 * @param action             ACCEPT or REJECT
 * @param cidr               {@code cidr} + {@code matchOperator}
 * @param prefixLength       bounds on the route's prefix length, inclusive
 * @param source             local or learned from peers (Calico's {@code source: RemotePeers})
 * @param peerType           the type of the session the rule is evaluated for: on import the peer
 *                           the route came from, on export the peer it would go to
 * @param communities        standard communities the route must all carry
 * @param largeCommunities   large communities the route must all carry
 * @param asPathPrefix       ASNs the AS_PATH must start with, nearest first; empty for any path
 * @param operations         changes applied on ACCEPT; a REJECT rule has none
 */
public record FilterRule(
        RuleAction action,
        Optional<CidrMatch> cidr,
        Optional<PrefixLengthRange> prefixLength,
        SourceMatch source,
        Optional<PeerType> peerType,
        List<Community> communities,
        List<LargeCommunity> largeCommunities,
        List<Asn> asPathPrefix,
        List<Operation> operations) {

    public FilterRule {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(cidr, "cidr");
        Objects.requireNonNull(prefixLength, "prefixLength");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(peerType, "peerType");
        communities = List.copyOf(communities);
        largeCommunities = List.copyOf(largeCommunities);
        asPathPrefix = List.copyOf(asPathPrefix);
        operations = List.copyOf(operations);
        if (action == RuleAction.REJECT && !operations.isEmpty()) {
            throw new IllegalArgumentException("a Reject rule has no operations: " + operations);
        }
    }

    /** An ACCEPT rule matching every route; narrow it with the withers. */
    public static FilterRule accept() {
        return new FilterRule(RuleAction.ACCEPT, Optional.empty(), Optional.empty(), SourceMatch.ANY,
                Optional.empty(), List.of(), List.of(), List.of(), List.of());
    }

    /** A REJECT rule matching every route; narrow it with the withers. */
    public static FilterRule reject() {
        return new FilterRule(RuleAction.REJECT, Optional.empty(), Optional.empty(), SourceMatch.ANY,
                Optional.empty(), List.of(), List.of(), List.of(), List.of());
    }

    public FilterRule cidr(CidrMatch value) {
        return new FilterRule(action, Optional.of(value), prefixLength, source, peerType, communities,
                largeCommunities, asPathPrefix, operations);
    }

    public FilterRule cidr(MatchOperator operator, String cidrText) {
        return cidr(new CidrMatch(operator, IpPrefix.parse(cidrText)));
    }

    public FilterRule equal(String cidrText) {
        return cidr(MatchOperator.EQUAL, cidrText);
    }

    public FilterRule notEqual(String cidrText) {
        return cidr(MatchOperator.NOT_EQUAL, cidrText);
    }

    public FilterRule in(String cidrText) {
        return cidr(MatchOperator.IN, cidrText);
    }

    public FilterRule notIn(String cidrText) {
        return cidr(MatchOperator.NOT_IN, cidrText);
    }

    public FilterRule prefixLength(int min, int max) {
        return new FilterRule(action, cidr, Optional.of(PrefixLengthRange.of(min, max)), source, peerType,
                communities, largeCommunities, asPathPrefix, operations);
    }

    public FilterRule source(SourceMatch value) {
        return new FilterRule(action, cidr, prefixLength, value, peerType, communities, largeCommunities,
                asPathPrefix, operations);
    }

    public FilterRule peerType(PeerType value) {
        return new FilterRule(action, cidr, prefixLength, source, Optional.of(value), communities,
                largeCommunities, asPathPrefix, operations);
    }

    public FilterRule withCommunity(Community value) {
        return new FilterRule(action, cidr, prefixLength, source, peerType, plus(communities, value),
                largeCommunities, asPathPrefix, operations);
    }

    public FilterRule withLargeCommunity(LargeCommunity value) {
        return new FilterRule(action, cidr, prefixLength, source, peerType, communities,
                plus(largeCommunities, value), asPathPrefix, operations);
    }

    public FilterRule asPathPrefix(Asn... asns) {
        return new FilterRule(action, cidr, prefixLength, source, peerType, communities, largeCommunities,
                List.of(asns), operations);
    }

    public FilterRule then(Operation operation) {
        return new FilterRule(action, cidr, prefixLength, source, peerType, communities, largeCommunities,
                asPathPrefix, plus(operations, operation));
    }

    private static <T> List<T> plus(List<T> list, T value) {
        List<T> out = new ArrayList<>(list);
        out.add(Objects.requireNonNull(value));
        return out;
    }

    /**
     * True when every condition holds.
     *
     * @param sessionType the type of the session the rule is evaluated for (see {@link #peerType})
     */
    public boolean matches(IpPrefix prefix, RouteAttributes attributes, SourceKind sourceKind, PeerType sessionType) {
        if (cidr.isPresent() && !cidr.get().matches(prefix)) {
            return false;
        }
        if (prefixLength.isPresent() && !prefixLength.get().matches(prefix)) {
            return false;
        }
        if (!source.matches(sourceKind)) {
            return false;
        }
        if (peerType.isPresent() && peerType.get() != sessionType) {
            return false;
        }
        for (int i = 0; i < communities.size(); i++) {
            if (!attributes.communities().contains(communities.get(i))) {
                return false;
            }
        }
        for (int i = 0; i < largeCommunities.size(); i++) {
            if (!attributes.largeCommunities().contains(largeCommunities.get(i))) {
                return false;
            }
        }
        return asPathPrefix.isEmpty() || startsWith(attributes.asPath(), asPathPrefix);
    }

    /**
     * True when the path's leading AS_SEQUENCE ASNs, read nearest first across consecutive
     * sequence segments, begin with {@code wanted}. An AS_SET or confederation segment before the
     * end of {@code wanted} ends the match: a set has no order to compare.
     */
    static boolean startsWith(AsPath path, List<Asn> wanted) {
        int matched = 0;
        List<AsPathSegment> segments = path.segments();
        for (int s = 0; s < segments.size(); s++) {
            AsPathSegment segment = segments.get(s);
            if (segment.type() != AsPathSegment.Type.SEQUENCE) {
                return false;
            }
            List<Asn> asns = segment.asns();
            for (int i = 0; i < asns.size(); i++) {
                if (asns.get(i).value() != wanted.get(matched).value()) {
                    return false;
                }
                if (++matched == wanted.size()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The route after this rule's operations: the same instance when they change nothing. */
    public RouteAttributes applyOperations(RouteAttributes attributes, Asn ownAs) {
        RouteAttributes out = attributes;
        for (int i = 0; i < operations.size(); i++) {
            out = operations.get(i).apply(out, ownAs);
        }
        return out;
    }
}
