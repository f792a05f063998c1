package io.flatnet.bgp.wire;

import io.netty.buffer.ByteBuf;

/** Reads the body of an UPDATE (after the 19-octet header), applying RFC 7606. */
public final class UpdateDecoder {
    private UpdateDecoder() {}

    /**
     * Decodes {@code body} (reader index at the Withdrawn Routes Length field, readable bytes
     * exactly the UPDATE body). Returns the update with the non-fatal errors; throws when the
     * session must be reset.
     */
    public static Decoded decode(ByteBuf body, CodecContext context) throws BgpWireException {
        throw new UnsupportedOperationException("UPDATE decoding is being written");
    }
}
