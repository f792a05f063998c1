package io.flatnet.bgp.wire.attribute;

import io.flatnet.bgp.model.Community;
import java.util.List;
/** COMMUNITIES (RFC 1997). */
public record Communities(List<Community> values) implements KnownAttribute {
    public Communities {
        values = List.copyOf(values);
    }

    @Override
    public AttributeType attributeType() {
        return AttributeType.COMMUNITIES;
    }
}
