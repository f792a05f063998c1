package io.flatnet.bgp.wire.capability;

/** Enhanced route refresh (RFC 7313): refreshes are bracketed by BoRR and EoRR markers. */
public record EnhancedRouteRefreshCapability() implements Capability {
    @Override
    public int code() {
        return ENHANCED_ROUTE_REFRESH;
    }
}
