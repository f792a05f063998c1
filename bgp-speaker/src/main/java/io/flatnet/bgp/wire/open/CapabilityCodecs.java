package io.flatnet.bgp.wire.open;

import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.wire.BgpWireException;
import io.flatnet.bgp.wire.capability.Capability;
import io.flatnet.bgp.wire.capability.EnhancedRouteRefreshCapability;
import io.flatnet.bgp.wire.capability.ExtendedMessageCapability;
import io.flatnet.bgp.wire.capability.RouteRefreshCapability;
import io.flatnet.bgp.wire.capability.UnknownCapability;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;

/**
 * The one table of capability codecs, indexed by capability code. A code without a codec, such
 * as 128 (the pre-standard Cisco route refresh), decodes as an {@link UnknownCapability} that
 * re-encodes byte for byte. Adding a capability is one codec class and one line here.
 */
final class CapabilityCodecs {
    private static final CapabilityCodec<?>[] BY_CODE = new CapabilityCodec<?>[256];

    static {
        register(new MultiprotocolCodec());
        register(new EmptyCapabilityCodec<>(Capability.ROUTE_REFRESH, RouteRefreshCapability.class, new RouteRefreshCapability()));
        register(new ExtendedNextHopCodec());
        register(new EmptyCapabilityCodec<>(Capability.EXTENDED_MESSAGE, ExtendedMessageCapability.class, new ExtendedMessageCapability()));
        register(new GracefulRestartCodec());
        register(new FourOctetAsCodec());
        register(new AddPathCodec());
        register(new EmptyCapabilityCodec<>(
                Capability.ENHANCED_ROUTE_REFRESH, EnhancedRouteRefreshCapability.class, new EnhancedRouteRefreshCapability()));
    }

    private CapabilityCodecs() {}

    private static void register(CapabilityCodec<?> codec) {
        if (BY_CODE[codec.code()] != null) {
            throw new IllegalStateException("two codecs for capability " + codec.code());
        }
        BY_CODE[codec.code()] = codec;
    }

    /** Reads the capabilities packed in one Capabilities parameter value into {@code into}. */
    static void decodeAll(ByteBuf parameter, List<Capability> into) throws BgpWireException {
        while (parameter.isReadable()) {
            if (parameter.readableBytes() < 2) {
                throw OpenErrors.malformed("capability header cut short");
            }
            int code = parameter.readUnsignedByte();
            int length = parameter.readUnsignedByte();
            if (length > parameter.readableBytes()) {
                throw OpenErrors.malformed("capability " + code + " of " + length + " octets overruns its parameter");
            }
            into.add(decode(code, parameter.readSlice(length)));
        }
    }

    static Capability decode(int code, ByteBuf value) throws BgpWireException {
        CapabilityCodec<?> codec = BY_CODE[code];
        return codec == null ? unknown(code, value) : codec.decode(value);
    }

    /** The capability kept raw, for codes without a codec and values the codec cannot take. */
    static UnknownCapability unknown(int code, ByteBuf value) {
        return new UnknownCapability(code, Bytes.of(ByteBufUtil.getBytes(value)));
    }

    /** Writes code, length and value. */
    static void encode(Capability capability, ByteBuf out) {
        int start = out.writerIndex();
        out.writeByte(capability.code()).writeByte(0);
        if (capability instanceof UnknownCapability unknown) {
            out.writeBytes(unknown.value().toArray());
        } else {
            CapabilityCodec<?> codec = BY_CODE[capability.code()];
            if (codec == null) {
                throw new IllegalStateException("no codec registered for " + capability);
            }
            encodeWith(codec, capability, out);
        }
        int length = out.writerIndex() - start - 2;
        if (length > 255) {
            throw new IllegalArgumentException("capability " + capability.code() + " value of " + length + " octets exceeds 255");
        }
        out.setByte(start + 1, length);
    }

    private static <T extends Capability> void encodeWith(CapabilityCodec<T> codec, Capability capability, ByteBuf out) {
        codec.encode(codec.type().cast(capability), out);
    }

    /** 2/0 unless {@code ok}: a known capability with a length its RFC does not allow. */
    static void requireLength(boolean ok, int code, ByteBuf value, String allowed) throws BgpWireException {
        if (!ok) {
            throw OpenErrors.malformed("capability " + code + " has length " + value.readableBytes() + ", must be " + allowed);
        }
    }
}
