package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.IpAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one received UPDATE did to one family of one peer's Adj-RIB-In: routes announced (with
 * their attribute set, not yet interned) and routes withdrawn. Withdrawing a route that is not
 * there is a no-op, as RFC 4271 §6.3 allows.
 */
public record RibChange(IpAddress peer, AddressFamily family, Map<RouteKey, AttributeSet> announced, List<RouteKey> withdrawn) {
    public RibChange {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(family, "family");
        announced = Map.copyOf(announced);
        withdrawn = List.copyOf(withdrawn);
    }

    public boolean isEmpty() {
        return announced.isEmpty() && withdrawn.isEmpty();
    }
}
