package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import java.util.Objects;

/** One route of a snapshot of the Adj-RIB-In. */
public record ReceivedRoute(IpPrefix prefix, long pathId, IpAddress nextHop, AttributeSet attributes) {
    public ReceivedRoute {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(nextHop, "nextHop");
        Objects.requireNonNull(attributes, "attributes");
    }
}
