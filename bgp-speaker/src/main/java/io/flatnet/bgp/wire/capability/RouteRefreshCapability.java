package io.flatnet.bgp.wire.capability;

/** Route refresh (RFC 2918): the speaker answers ROUTE-REFRESH messages. */
public record RouteRefreshCapability() implements Capability {
    @Override
    public int code() {
        return ROUTE_REFRESH;
    }
}
