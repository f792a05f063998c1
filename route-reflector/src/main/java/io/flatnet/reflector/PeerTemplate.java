package io.flatnet.reflector;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.policy.NextHopMode;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.ListenRange;
import io.flatnet.bgp.session.PeerConfig;
import java.util.List;
import java.util.Objects;

/**
 * What a session accepted from a dynamic-neighbour range gets: the facts that, with the remote
 * address, make a peer configuration. {@link #listenRange()} turns it into the speaker's
 * {@link ListenRange} (passive peers, the given AS, {@link PeerConfig}'s defaults for everything else).
 *
 * @param name             the range's name, for logs and the API
 * @param range            addresses accepted under this template
 * @param peerAs           the AS the peer must announce; the local AS for iBGP clients
 * @param reflectorClient  peers from this range are route-reflector clients
 * @param policy           their policy; {@link PeerPolicy#defaults()} for iBGP clients
 * @param nextHopMode      next-hop handling towards them; a reflector keeps next hops ({@link NextHopMode#AUTO}
 *                         leaves iBGP next hops unchanged)
 * @param limit            the most sessions the range holds at once ({@link ListenRange#limit()})
 * @param maxPrefixes      per peer and family, Cease 6/1 beyond this many routes; 0 = no limit
 */
public record PeerTemplate(String name, IpPrefix range, Asn peerAs, boolean reflectorClient, PeerPolicy policy,
        NextHopMode nextHopMode, int limit, long maxPrefixes) {

    public PeerTemplate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(peerAs, "peerAs");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(nextHopMode, "nextHopMode");
    }

    /** A template with the default limit ({@link ListenRange#DEFAULT_LIMIT}) and no prefix limit. */
    public PeerTemplate(String name, IpPrefix range, Asn peerAs, boolean reflectorClient, PeerPolicy policy,
            NextHopMode nextHopMode) {
        this(name, range, peerAs, reflectorClient, policy, nextHopMode, ListenRange.DEFAULT_LIMIT, 0);
    }

    /** Route-reflector clients in {@code range}, in our AS, with default policy and next hops kept. */
    public static PeerTemplate clients(String name, IpPrefix range, Asn localAs) {
        return new PeerTemplate(name, range, localAs, true, PeerPolicy.defaults(), NextHopMode.AUTO);
    }

    /** This template holding at most {@code max} sessions at once. */
    public PeerTemplate withLimit(int max) {
        return new PeerTemplate(name, range, peerAs, reflectorClient, policy, nextHopMode, max, maxPrefixes);
    }

    /** This template with at most {@code max} routes per peer and family (0: no limit). */
    public PeerTemplate withMaxPrefixes(long max) {
        return new PeerTemplate(name, range, peerAs, reflectorClient, policy, nextHopMode, limit, max);
    }

    /** This template as the speaker's listen range. */
    public ListenRange listenRange() {
        List<IpPrefix> prefixes = List.of(range);
        PeerConfig template = ListenRange.defaultTemplate(prefixes, peerAs)
                .policy(policy).nextHop(nextHopMode).reflectorClient(reflectorClient).maxPrefixes(maxPrefixes).build();
        return new ListenRange(name, prefixes, peerAs, template, limit);
    }
}
