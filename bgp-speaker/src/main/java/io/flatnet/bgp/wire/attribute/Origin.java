package io.flatnet.bgp.wire.attribute;

import java.util.Objects;
/** ORIGIN (RFC 4271 §5.1.1): how the route entered BGP. */
public record Origin(OriginType value) implements KnownAttribute {
    public static final Origin IGP = new Origin(OriginType.IGP);
    public static final Origin EGP = new Origin(OriginType.EGP);
    public static final Origin INCOMPLETE = new Origin(OriginType.INCOMPLETE);

    public Origin {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public AttributeType attributeType() {
        return AttributeType.ORIGIN;
    }
}
