package io.flatnet.agent.config.model;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpPrefix;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One BGPFilter rule. Every condition that is present must hold for the rule to match.
 *
 * @param action         Accept or Reject
 * @param matchOperator  how a route's prefix compares with {@code cidr} (required with it)
 * @param cidr           the prefix to compare with
 * @param prefixLength   bounds on the route's prefix length (with {@code cidr})
 * @param source         RemotePeers: only routes learned from BGP peers
 * @param interfaceName  YAML {@code interface} (a Java keyword): routes via interfaces matching this
 *                       name, {@code *} as wildcard
 * @param peerType       eBGP or iBGP: the kind of peer the route comes from or goes to
 * @param communities    YAML {@code communities.values}: the route carries all of these
 * @param asPathPrefix   the route's AS_PATH starts with these ASes
 * @param operations     what an accepting rule changes on the route
 */
public record BgpFilterRule(
        FilterAction action,
        Optional<MatchOperator> matchOperator,
        Optional<IpPrefix> cidr,
        Optional<PrefixLengthRange> prefixLength,
        Optional<RuleSource> source,
        Optional<String> interfaceName,
        Optional<PeerType> peerType,
        List<CommunityValue> communities,
        List<Asn> asPathPrefix,
        List<FilterOperation> operations) {

    public BgpFilterRule {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(matchOperator, "matchOperator");
        Objects.requireNonNull(cidr, "cidr");
        Objects.requireNonNull(prefixLength, "prefixLength");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(peerType, "peerType");
        communities = List.copyOf(communities);
        asPathPrefix = List.copyOf(asPathPrefix);
        operations = List.copyOf(operations);
    }
}
