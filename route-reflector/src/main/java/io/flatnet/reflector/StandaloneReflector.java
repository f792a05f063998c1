package io.flatnet.reflector;

import io.flatnet.bgp.model.RouterId;
import java.util.Objects;

/**
 * The configuration of the standalone reflector mode for large clusters: a process that only
 * reflects. It takes iBGP sessions from its {@link DynamicNeighbors} ranges, treats them as
 * clients, and installs nothing into the kernel (the agent must not start route programming in
 * this mode; {@link #installsRoutes()} says so).
 *
 * @param clusterId  the cluster id (RFC 4456 §7)
 * @param neighbors  the ranges sessions are accepted from
 */
public record StandaloneReflector(RouterId clusterId, DynamicNeighbors neighbors) {

    public StandaloneReflector {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(neighbors, "neighbors");
    }

    /** The protocol rules to give the speaker. */
    public RouteReflector rules() {
        return new RouteReflector(clusterId);
    }

    /** A standalone reflector is reflector-only: it never programs the kernel. */
    public boolean installsRoutes() {
        return false;
    }
}
