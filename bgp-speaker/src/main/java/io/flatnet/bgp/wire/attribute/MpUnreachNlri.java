package io.flatnet.bgp.wire.attribute;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.NlriList;
import java.util.Objects;
/** MP_UNREACH_NLRI (RFC 4760 §4): withdrawn routes of one family. An empty one is End-of-RIB. */
public record MpUnreachNlri(AddressFamily family, NlriList withdrawn) implements KnownAttribute {
    public MpUnreachNlri {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(withdrawn, "withdrawn");
    }

    @Override
    public AttributeType attributeType() {
        return AttributeType.MP_UNREACH_NLRI;
    }
}
