package io.flatnet.bgp.wire.capability;

import io.flatnet.bgp.model.AddressFamily;
import java.util.List;
import java.util.Objects;

/**
 * Extended next hop encoding (RFC 8950 §3): NLRI of {@code family} may carry a next hop of AFI
 * {@code nextHopAfi} (in practice IPv4 unicast routes over IPv6 next hops).
 */
public record ExtendedNextHopCapability(List<Entry> entries) implements Capability {
    public ExtendedNextHopCapability {
        entries = List.copyOf(entries);
    }

    public record Entry(AddressFamily family, int nextHopAfi) {
        public Entry {
            Objects.requireNonNull(family, "family");
            if (nextHopAfi < 0 || nextHopAfi > 0xFFFF) {
                throw new IllegalArgumentException("next hop AFI is a 2-octet field: " + nextHopAfi);
            }
        }
    }

    @Override
    public int code() {
        return EXTENDED_NEXT_HOP;
    }
}
