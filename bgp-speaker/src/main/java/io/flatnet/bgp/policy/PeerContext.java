package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import java.util.Objects;

/**
 * The facts about one established session that policy decides on. The speaker builds one per
 * session when it reaches Established and passes the same instance on every call. As a route's
 * {@link SourceFacts} it describes the peer the route was learned from.
 *
 * @param address          the peer's address
 * @param peerAs           the peer's AS
 * @param routerId         the peer's BGP identifier, from its OPEN
 * @param localAs          the AS this speaker uses on the session
 * @param localRouterId    this speaker's BGP identifier
 * @param reflectorClient  the peer is a route-reflector client of this speaker (RFC 4456); set by
 *                         configuration, meaningful for iBGP peers only
 */
public record PeerContext(
        IpAddress address, Asn peerAs, RouterId routerId, Asn localAs, RouterId localRouterId,
        boolean reflectorClient) implements SourceFacts {

    public PeerContext {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(peerAs, "peerAs");
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(localAs, "localAs");
        Objects.requireNonNull(localRouterId, "localRouterId");
    }

    /** eBGP when the peer's AS differs from ours. */
    public PeerType peerType() {
        return peerAs.value() == localAs.value() ? PeerType.IBGP : PeerType.EBGP;
    }

    public boolean isEbgp() {
        return peerAs.value() != localAs.value();
    }

    @Override
    public SourceKind sourceKind() {
        return isEbgp() ? SourceKind.EBGP : SourceKind.IBGP;
    }

    @Override
    public IpAddress peerAddress() {
        return address;
    }

    @Override
    public boolean fromReflectorClient() {
        return reflectorClient;
    }

    @Override
    public String toString() {
        return (isEbgp() ? "ebgp " : "ibgp ") + address + " (AS" + peerAs + (reflectorClient ? ", rr client)" : ")");
    }
}
