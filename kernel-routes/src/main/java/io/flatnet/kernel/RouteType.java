package io.flatnet.kernel;

/**
 * The kinds of route flatnet installs. Calico-style nodes add a blackhole for each local pod block,
 * so traffic to unallocated pod addresses is dropped instead of following the default route.
 */
public enum RouteType {
    /** RTN_UNICAST: forwarded through one or more next hops. */
    UNICAST(1),
    /** RTN_BLACKHOLE: silently dropped; no next hop. */
    BLACKHOLE(6);

    private final int rtnType;

    RouteType(int rtnType) {
        this.rtnType = rtnType;
    }

    /** The {@code rtm_type} value of rtnetlink(7). */
    public int rtnType() {
        return rtnType;
    }
}
