package io.flatnet.bgp.wire.attribute;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.NlriList;
import java.util.Objects;
/**
 * MP_REACH_NLRI (RFC 4760 §3): reachable routes of one family and their next hop. For IPv6 the
 * next hop may come with a link-local address (RFC 2545), {@code null} when absent. For IPv4 NLRI
 * the next hop may be IPv6 when extended next hop is negotiated (RFC 8950).
 */
public record MpReachNlri(AddressFamily family, IpAddress nextHop, IpAddress linkLocalNextHop, NlriList nlri) implements KnownAttribute {
    public MpReachNlri {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(nextHop, "nextHop");
        Objects.requireNonNull(nlri, "nlri");
    }

    public MpReachNlri(AddressFamily family, IpAddress nextHop, NlriList nlri) {
        this(family, nextHop, null, nlri);
    }

    @Override
    public AttributeType attributeType() {
        return AttributeType.MP_REACH_NLRI;
    }
}
