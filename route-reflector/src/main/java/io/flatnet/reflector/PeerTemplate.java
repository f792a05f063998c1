package io.flatnet.reflector;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.policy.NextHopMode;
import io.flatnet.bgp.policy.PeerPolicy;
import java.util.Objects;

/**
 * What a session accepted from a dynamic-neighbour range gets: the facts that, with the remote
 * address, make a peer configuration. The session side turns it into its own {@code PeerConfig}
 * (passive, the given AS, the speaker's defaults for everything else).
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
}
