package io.flatnet.bgp.wire.attribute;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import java.util.Objects;
/** AGGREGATOR (RFC 4271 §5.1.7), with the real 4-octet AS (AS4_AGGREGATOR merged, RFC 6793). */
public record Aggregator(Asn asn, IpAddress address) implements KnownAttribute {
    public Aggregator {
        Objects.requireNonNull(asn, "asn");
        if (address.afi() != Afi.IPV4) {
            throw new IllegalArgumentException("AGGREGATOR address is IPv4");
        }
    }

    @Override
    public AttributeType attributeType() {
        return AttributeType.AGGREGATOR;
    }
}
