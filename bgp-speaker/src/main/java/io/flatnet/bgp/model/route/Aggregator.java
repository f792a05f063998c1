package io.flatnet.bgp.model.route;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import java.util.Objects;

/** AGGREGATOR (RFC 4271 §5.1.7): the AS and IPv4 router id of the speaker that aggregated. */
public record Aggregator(Asn asn, IpAddress address) {
    public Aggregator {
        Objects.requireNonNull(asn, "asn");
        if (address.afi() != Afi.IPV4) {
            throw new IllegalArgumentException("the AGGREGATOR address is IPv4: " + address);
        }
    }
}
