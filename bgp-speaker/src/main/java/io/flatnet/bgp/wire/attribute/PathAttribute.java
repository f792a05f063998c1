package io.flatnet.bgp.wire.attribute;

/** One path attribute of an UPDATE. */
public sealed interface PathAttribute
        permits KnownAttribute, UnknownAttribute {

    /** The attribute type code. */
    int typeCode();

    /** The flags to send it with (Extended Length is decided by the encoder). */
    int flags();
}
