package io.flatnet.reflector;

import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.model.route.RouteAttributes;
import io.flatnet.bgp.policy.PeerContext;
import io.flatnet.bgp.policy.PolicyResult;
import io.flatnet.bgp.policy.ProtocolRules;
import io.flatnet.bgp.policy.SourceFacts;
import io.flatnet.bgp.policy.SourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Route reflection (RFC 4456) as the speaker's {@link ProtocolRules}: handed to the speaker in
 * place of {@link ProtocolRules#standard()}, which it replaces wholesale, and the speaker never
 * learns it is reflecting.
 *
 * <p>Advertisement (RFC 4456 §6), for a route learned from an iBGP peer and sent to an iBGP peer:
 * <ul>
 *   <li>from a client: reflected to clients and non-clients;</li>
 *   <li>from a non-client: reflected to clients only; to a non-client it is dropped, the plain
 *       iBGP rule.</li>
 * </ul>
 * Routes learned over eBGP go to all iBGP peers, clients and non-clients, unchanged (that is
 * ordinary BGP, not reflection). Nothing goes back to the peer it came from. Towards eBGP peers
 * the rules are those of plain BGP.
 *
 * <p>On reflection ORIGINATOR_ID is set, when absent, to the BGP identifier of the peer the
 * route came from, and our cluster id is put in front of CLUSTER_LIST (§8). On import a route
 * whose ORIGINATOR_ID is our router id, or whose CLUSTER_LIST holds our cluster id, is dropped.
 *
 * <p>For the export default (Calico: only the node's own routes unless a filter says otherwise)
 * a reflector also exports, with no filter rule matching, what it reflects and what it learned
 * over eBGP, towards iBGP peers.
 *
 * <p>Reflecting one route to many clients yields the same attributes every time; the last result
 * is kept, so a route reflected to a thousand clients allocates one attribute set, and each
 * client's update carries the very same instance. Runs on the RIB thread.
 */
public final class RouteReflector implements ProtocolRules {
    private static final PolicyResult NON_CLIENT_TO_NON_CLIENT = PolicyResult.rejected(
            "route from an iBGP non-client is not reflected to another non-client (RFC 4456 §6)");
    private static final PolicyResult BACK_TO_SENDER =
            PolicyResult.rejected("route is not advertised back to the peer it was learned from");
    private static final PolicyResult OWN_ORIGINATOR_ID =
            PolicyResult.rejected("ORIGINATOR_ID is our router id: a reflected route came back (RFC 4456 §8)");

    private final RouterId clusterId;
    private final PolicyResult clusterLoop;

    /** The last reflection built: the same input gives the same output. */
    private Reflection last;

    private record Reflection(RouteAttributes input, RouterId originator, PolicyResult result) {
    }

    /** @param clusterId this reflector's cluster id (Calico's {@code routeReflectorClusterID}) */
    public RouteReflector(RouterId clusterId) {
        this.clusterId = Objects.requireNonNull(clusterId, "clusterId");
        this.clusterLoop = PolicyResult.rejected(
                "CLUSTER_LIST holds our cluster id " + clusterId + ": a reflected route came back (RFC 4456 §8)");
    }

    public RouterId clusterId() {
        return clusterId;
    }

    @Override
    public PolicyResult importRoute(IpPrefix prefix, RouteAttributes attributes, PeerContext from) {
        Optional<RouterId> originator = attributes.originatorId();
        if (originator.isPresent() && originator.get().bits() == from.localRouterId().bits()) {
            return OWN_ORIGINATOR_ID;
        }
        List<RouterId> clusters = attributes.clusterList();
        for (int i = 0; i < clusters.size(); i++) {
            if (clusters.get(i).bits() == clusterId.bits()) {
                return clusterLoop;
            }
        }
        return PolicyResult.unchanged();
    }

    @Override
    public PolicyResult exportRoute(IpPrefix prefix, RouteAttributes attributes, SourceFacts source, PeerContext to) {
        SourceKind kind = source.sourceKind();
        if (kind == SourceKind.LOCAL) {
            return PolicyResult.unchanged();
        }
        if (source.peerAddress().equals(to.address())) {
            return BACK_TO_SENDER;
        }
        if (kind == SourceKind.EBGP || to.isEbgp()) {
            return PolicyResult.unchanged();
        }
        // iBGP-learned, towards an iBGP peer: reflection or nothing.
        if (!source.fromReflectorClient() && !to.reflectorClient()) {
            return NON_CLIENT_TO_NON_CLIENT;
        }
        return reflect(attributes, source.routerId());
    }

    @Override
    public boolean importReadsPrefix() {
        return false; // loop checks read ORIGINATOR_ID and CLUSTER_LIST only
    }

    @Override
    public boolean exportReadsPrefix() {
        return false; // reflection looks at the source, the peer and the attributes only
    }

    @Override
    public boolean exportsLearnedByDefault(SourceFacts source, PeerContext to) {
        // Called only for what exportRoute let through: towards iBGP that is reflected or eBGP-learned.
        return !to.isEbgp();
    }

    private PolicyResult reflect(RouteAttributes attributes, RouterId sourceRouterId) {
        Reflection cached = last;
        if (cached != null && cached.input() == attributes
                && (attributes.originatorId().isPresent() || cached.originator().bits() == sourceRouterId.bits())) {
            return cached.result();
        }
        RouteAttributes.Builder b = attributes.toBuilder();
        if (attributes.originatorId().isEmpty()) {
            b.originatorId(sourceRouterId);
        }
        List<RouterId> clusters = new ArrayList<>(attributes.clusterList().size() + 1);
        clusters.add(clusterId);
        clusters.addAll(attributes.clusterList());
        b.clusterList(clusters);
        PolicyResult result = PolicyResult.accepted(attributes, b.build());
        last = new Reflection(attributes, sourceRouterId, result);
        return result;
    }

    /**
     * Two reflectors with one cluster id apply the same rules (the cached last reflection is an
     * optimisation, not state), so a configuration computed again compares equal to the one running.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof RouteReflector r && r.clusterId.equals(clusterId);
    }

    @Override
    public int hashCode() {
        return clusterId.hashCode();
    }

    @Override
    public String toString() {
        return "route-reflector cluster " + clusterId;
    }
}
