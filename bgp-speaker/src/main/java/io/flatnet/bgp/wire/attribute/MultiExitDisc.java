package io.flatnet.bgp.wire.attribute;

/** MULTI_EXIT_DISC (RFC 4271 §5.1.4): unsigned 32 bits, lower preferred. */
public record MultiExitDisc(long value) implements KnownAttribute {
    public MultiExitDisc {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("MED is unsigned 32-bit: " + value);
        }
    }

    @Override
    public AttributeType attributeType() {
        return AttributeType.MULTI_EXIT_DISC;
    }
}
