package io.flatnet.bgp.wire.attribute;

/** LOCAL_PREF (RFC 4271 §5.1.5): unsigned 32 bits, higher preferred; iBGP only. */
public record LocalPref(long value) implements KnownAttribute {
    public LocalPref {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("LOCAL_PREF is unsigned 32-bit: " + value);
        }
    }

    @Override
    public AttributeType attributeType() {
        return AttributeType.LOCAL_PREF;
    }
}
