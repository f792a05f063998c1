package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.IpPrefix;
import java.util.Objects;

/**
 * What identifies one received path within a peer's family: the prefix and the RFC 7911 path
 * identifier (0 when add-path is not in use for the family).
 */
public record RouteKey(long pathId, IpPrefix prefix) {
    public RouteKey {
        Objects.requireNonNull(prefix, "prefix");
        if (pathId < 0 || pathId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("path id is an unsigned 32-bit value: " + pathId);
        }
    }
}
