package io.flatnet.bgp.wire.attribute;

import io.flatnet.bgp.model.LargeCommunity;
import java.util.List;
/** LARGE_COMMUNITY (RFC 8092). */
public record LargeCommunities(List<LargeCommunity> values) implements KnownAttribute {
    public LargeCommunities {
        values = List.copyOf(values);
    }

    @Override
    public AttributeType attributeType() {
        return AttributeType.LARGE_COMMUNITIES;
    }
}
