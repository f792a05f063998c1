package io.flatnet.bgp.wire.open;

import io.flatnet.bgp.wire.BgpWireException;
import io.flatnet.bgp.wire.capability.Capability;
import io.netty.buffer.ByteBuf;

/**
 * Reads and writes the value of one capability (the octets after code and length). Registered in
 * {@link CapabilityCodecs} under {@link #code()}.
 */
interface CapabilityCodec<T extends Capability> {

    int code();

    Class<T> type();

    /**
     * Decodes {@code value}, whose readable bytes are exactly the capability value. Returns a
     * {@code T}, or an {@link io.flatnet.bgp.wire.capability.UnknownCapability} holding the raw
     * value when the capability's RFC says to treat such a value as not understood.
     *
     * @throws BgpWireException 2/0 when the length is not one the RFC allows
     */
    Capability decode(ByteBuf value) throws BgpWireException;

    /** Writes the value only; the table writes code and length around it. */
    void encode(T capability, ByteBuf out);
}
