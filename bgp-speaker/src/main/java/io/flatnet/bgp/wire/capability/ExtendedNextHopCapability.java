package io.flatnet.bgp.wire.capability;

import io.flatnet.bgp.model.AddressFamily;
import java.util.List;

/**
 * Extended next hop encoding (RFC 8950 §3): NLRI of {@code family} may carry a next hop of AFI
 * {@code nextHopAfi} (in practice IPv4 unicast routes over IPv6 next hops).
 */
public record ExtendedNextHopCapability(List<Entry> entries) implements Capability {
    public ExtendedNextHopCapability {
        entries = List.copyOf(entries);
    }

    public record Entry(AddressFamily family, int nextHopAfi) {}

    @Override
    public int code() {
        return EXTENDED_NEXT_HOP;
    }
}
