package io.flatnet.bgp.wire.attribute;

import io.flatnet.bgp.model.Bytes;
import java.util.Objects;

/**
 * An attribute flatnet does not interpret, kept byte for byte with its flags (Extended Length
 * aside, which the encoder decides). An optional transitive one is passed on with the Partial bit
 * set (RFC 4271 §5); an optional non-transitive one is not passed on.
 */
public record UnknownAttribute(int flags, int typeCode, Bytes value) implements PathAttribute {
    public UnknownAttribute {
        if (typeCode < 0 || typeCode > 255) {
            throw new IllegalArgumentException("type code is one octet: " + typeCode);
        }
        flags = flags & ~AttributeFlags.EXTENDED_LENGTH & 0xF0;
        Objects.requireNonNull(value, "value");
        if (value.length() > 0xFFFF) {
            throw new IllegalArgumentException("attribute value is at most 65535 octets");
        }
    }

    public boolean isOptionalTransitive() {
        return AttributeFlags.isOptional(flags) && AttributeFlags.isTransitive(flags);
    }

    /** This attribute as it leaves for another peer: with the Partial bit set (RFC 4271 §5). */
    public UnknownAttribute passedOn() {
        return new UnknownAttribute(flags | AttributeFlags.PARTIAL, typeCode, value);
    }
}
