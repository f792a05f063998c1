package io.flatnet.bgp.wire.open;

import io.flatnet.bgp.wire.BgpWireException;
import io.flatnet.bgp.wire.capability.Capability;
import io.netty.buffer.ByteBuf;

/**
 * A capability that is its code alone, with length 0: route refresh (RFC 2918 §2), extended
 * message (RFC 8654 §3), enhanced route refresh (RFC 7313 §3). One class serves the three, each
 * registered as its own instance, since they differ only in code and value type.
 */
record EmptyCapabilityCodec<T extends Capability>(int code, Class<T> type, T instance) implements CapabilityCodec<T> {

    @Override
    public Capability decode(ByteBuf value) throws BgpWireException {
        CapabilityCodecs.requireLength(!value.isReadable(), code, value, "0");
        return instance;
    }

    @Override
    public void encode(T capability, ByteBuf out) {
        // nothing but code and length
    }
}
