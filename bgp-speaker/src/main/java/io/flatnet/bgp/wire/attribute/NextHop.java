package io.flatnet.bgp.wire.attribute;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
/** NEXT_HOP (RFC 4271 §5.1.3): the IPv4 next hop of the UPDATE's own NLRI. */
public record NextHop(IpAddress address) implements KnownAttribute {
    public NextHop {
        if (address.afi() != Afi.IPV4) {
            throw new IllegalArgumentException("NEXT_HOP is an IPv4 address; IPv6 goes in MP_REACH_NLRI");
        }
    }

    @Override
    public AttributeType attributeType() {
        return AttributeType.NEXT_HOP;
    }
}
