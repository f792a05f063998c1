package io.flatnet.bgp.wire;

import io.flatnet.bgp.wire.attribute.AttributeType;
import java.util.List;

/**
 * The one table of path attribute codecs, indexed by type code. A code without an entry is an
 * attribute flatnet does not interpret: kept byte for byte as an
 * {@link io.flatnet.bgp.wire.attribute.UnknownAttribute} when optional, a session reset when it
 * claims to be well-known (RFC 4271 §6.3; RFC 7606 leaves that rule alone).
 */
final class AttributeCodecs {
    private static final AttributeCodec<?>[] BY_CODE = new AttributeCodec<?>[256];

    static {
        List<AttributeCodec<?>> all = List.of(
                new OriginCodec(),
                new AsPathCodec(),
                new NextHopCodec(),
                new MultiExitDiscCodec(),
                new LocalPrefCodec(),
                new AtomicAggregateCodec(),
                new AggregatorCodec(),
                new CommunitiesCodec(),
                new OriginatorIdCodec(),
                new ClusterListCodec(),
                new MpReachNlriCodec(),
                new MpUnreachNlriCodec(),
                new ExtendedCommunitiesCodec(),
                new As4PathCodec(),
                new As4AggregatorCodec(),
                new LargeCommunitiesCodec());
        for (AttributeCodec<?> codec : all) {
            int code = codec.type().code();
            if (BY_CODE[code] != null) {
                throw new IllegalStateException("two codecs for attribute type " + code);
            }
            BY_CODE[code] = codec;
        }
        for (AttributeType type : AttributeType.values()) {
            if (BY_CODE[type.code()] == null) {
                throw new IllegalStateException("no codec for " + type);
            }
        }
    }

    private AttributeCodecs() {}

    /** The codec for a type code (0..255), or {@code null} when flatnet does not interpret it. */
    static AttributeCodec<?> forCode(int typeCode) {
        return BY_CODE[typeCode];
    }

    /** The codec for a type code whose value type the caller knows (the encoder's known attributes). */
    @SuppressWarnings("unchecked")
    static <A> AttributeCodec<A> forValue(int typeCode) {
        return (AttributeCodec<A>) BY_CODE[typeCode];
    }
}
