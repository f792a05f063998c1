package io.flatnet.bgp.wire.attribute;

import io.flatnet.bgp.model.ExtendedCommunity;
import java.util.List;
/** EXTENDED_COMMUNITIES (RFC 4360). */
public record ExtendedCommunities(List<ExtendedCommunity> values) implements KnownAttribute {
    public ExtendedCommunities {
        values = List.copyOf(values);
    }

    @Override
    public AttributeType attributeType() {
        return AttributeType.EXTENDED_COMMUNITIES;
    }
}
