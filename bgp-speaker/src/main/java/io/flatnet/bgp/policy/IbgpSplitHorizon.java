package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.route.RouteAttributes;

/** See {@link ExportPolicy#ibgpSplitHorizon()}. */
final class IbgpSplitHorizon implements ExportPolicy {
    static final IbgpSplitHorizon INSTANCE = new IbgpSplitHorizon();

    private static final PolicyResult IBGP_TO_IBGP =
            PolicyResult.rejected("iBGP-learned route is not advertised to an iBGP peer (RFC 4271 §9.2)");
    private static final PolicyResult BACK_TO_SENDER =
            PolicyResult.rejected("route is not advertised back to the peer it was learned from");

    private IbgpSplitHorizon() {
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
        if (kind == SourceKind.IBGP && !to.isEbgp()) {
            return IBGP_TO_IBGP;
        }
        return PolicyResult.unchanged();
    }

    @Override
    public String toString() {
        return "ibgp-split-horizon";
    }
}
