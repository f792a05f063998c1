package io.flatnet.bgp.wire.attribute;

import io.flatnet.bgp.model.RouterId;
import java.util.Objects;
/** ORIGINATOR_ID (RFC 4456 §8): the router id of the route's originator in the local AS. */
public record OriginatorId(RouterId id) implements KnownAttribute {
    public OriginatorId {
        Objects.requireNonNull(id, "id");
    }

    @Override
    public AttributeType attributeType() {
        return AttributeType.ORIGINATOR_ID;
    }
}
