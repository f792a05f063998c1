package io.flatnet.bgp.wire;

import io.flatnet.bgp.wire.attribute.AttributeType;
import io.netty.buffer.ByteBuf;

/**
 * Reads and writes the value of one path attribute type. The UPDATE reader frames the attribute
 * (flags, type, length) and hands the codec a buffer holding exactly the value; the writer asks
 * for the value's length first so that it can choose the Extended Length bit before writing.
 *
 * <p>Codecs check syntax only (lengths, enumerated values). What the session does about a
 * syntactically fine but unusable value (a multicast next hop, LOCAL_PREF from an eBGP peer) is
 * decided by {@link UpdateReader}, which also owns duplicate and flag checks.
 *
 * @param <A> the value type: a {@link io.flatnet.bgp.wire.attribute.KnownAttribute}, or a wire-only
 *            record ({@link As4Path}, {@link As4Aggregator}) for attributes the model hides
 */
interface AttributeCodec<A> {

    AttributeType type();

    /** The RFC 7606 §7 (or the attribute's own RFC) action when this attribute is malformed. */
    ErrorAction malformedAction();

    /** Decodes {@code value}, whose readable bytes are exactly the attribute value. */
    A decode(ByteBuf value, CodecContext context) throws MalformedException;

    /** Octets {@link #encode} will write for {@code attribute}. */
    int valueLength(A attribute, CodecContext context);

    /** Writes the value only; the caller writes the attribute header. */
    void encode(A attribute, CodecContext context, ByteBuf out);
}
