package io.flatnet.bgp.model.route;

import io.flatnet.bgp.model.Bytes;
import java.util.Objects;

/**
 * An optional transitive attribute the speaker does not interpret, kept as its flags, type code
 * and value so that it can be passed on (RFC 4271 §5: unrecognised optional transitive attributes
 * are retained and propagated with the Partial bit set). Unrecognised non-transitive ones are
 * dropped before they get here.
 *
 * @param flags    the attribute flags as received, Extended Length cleared; Optional and
 *                 Transitive are always set
 * @param typeCode the attribute type code, 0..255
 * @param value    the attribute's value octets
 */
public record OpaqueAttribute(int flags, int typeCode, Bytes value) {
    public static final int OPTIONAL = 0x80;
    public static final int TRANSITIVE = 0x40;
    public static final int PARTIAL = 0x20;
    private static final int EXTENDED_LENGTH = 0x10;

    public OpaqueAttribute {
        Objects.requireNonNull(value, "value");
        if (typeCode < 0 || typeCode > 255) {
            throw new IllegalArgumentException("type code is one octet: " + typeCode);
        }
        flags = flags & 0xF0 & ~EXTENDED_LENGTH;
        if ((flags & (OPTIONAL | TRANSITIVE)) != (OPTIONAL | TRANSITIVE)) {
            throw new IllegalArgumentException("only optional transitive attributes are carried, flags 0x"
                    + Integer.toHexString(flags) + " for type " + typeCode);
        }
        if (value.length() > 0xFFFF) {
            throw new IllegalArgumentException("attribute value is at most 65535 octets");
        }
    }

    public boolean isPartial() {
        return (flags & PARTIAL) != 0;
    }

    /** This attribute as it leaves for another peer: with the Partial bit set. */
    public OpaqueAttribute passedOn() {
        return isPartial() ? this : new OpaqueAttribute(flags | PARTIAL, typeCode, value);
    }
}
