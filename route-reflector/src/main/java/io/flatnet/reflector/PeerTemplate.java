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
 */
public record PeerTemplate(
        String name, IpPrefix range, Asn peerAs, boolean reflectorClient, PeerPolicy policy, NextHopMode nextHopMode) {

    public PeerTemplate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(peerAs, "peerAs");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(nextHopMode, "nextHopMode");
    }

    /** Route-reflector clients in {@code range}, in our AS, with default policy and next hops kept. */
    public static PeerTemplate clients(String name, IpPrefix range, Asn localAs) {
        return new PeerTemplate(name, range, localAs, true, PeerPolicy.defaults(), NextHopMode.AUTO);
    }

    /** This template as the speaker's listen range. */
    public ListenRange listenRange() {
        List<IpPrefix> prefixes = List.of(range);
        PeerConfig template = ListenRange.defaultTemplate(prefixes, peerAs)
                .policy(policy).nextHop(nextHopMode).reflectorClient(reflectorClient).build();
        return new ListenRange(name, prefixes, peerAs, template);
    }
}
