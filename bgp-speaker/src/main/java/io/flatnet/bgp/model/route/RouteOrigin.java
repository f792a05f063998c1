package io.flatnet.bgp.model.route;

/** ORIGIN (RFC 4271 §5.1.1): how the route entered BGP. Lower is preferred (§9.1.2.2 d). */
public enum RouteOrigin {
    IGP,
    EGP,
    INCOMPLETE;

    /** The wire value: 0, 1 or 2. */
    public int code() {
        return ordinal();
    }
}
