package io.flatnet.bgp.wire.attribute;

/** ATOMIC_AGGREGATE (RFC 4271 §5.1.6): a flag with no value. */
public record AtomicAggregate() implements KnownAttribute {
    public static final AtomicAggregate INSTANCE = new AtomicAggregate();

    @Override
    public AttributeType attributeType() {
        return AttributeType.ATOMIC_AGGREGATE;
    }
}
