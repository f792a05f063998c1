package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.wire.attribute.Aggregator;
import io.flatnet.bgp.wire.attribute.AttributeType;
import io.netty.buffer.ByteBuf;

/**
 * AGGREGATOR (RFC 4271 §5.1.7): AS (2 octets, or 4 when both sides sent the RFC 6793 capability)
 * and an IPv4 address. Malformed (wrong length for the session, or AS 0 per RFC 7607): attribute
 * discard (RFC 7606 §7.7), since it is informational.
 */
final class AggregatorCodec implements AttributeCodec<Aggregator> {

    @Override
    public AttributeType type() {
        return AttributeType.AGGREGATOR;
    }

    @Override
    public ErrorAction malformedAction() {
        return ErrorAction.ATTRIBUTE_DISCARD;
    }

    @Override
    public Aggregator decode(ByteBuf value, CodecContext context) throws MalformedException {
        boolean four = context.fourOctetAs();
        AttributeLengths.exactly(value, four ? 8 : 6,
                four ? "AGGREGATOR (4-octet AS session)" : "AGGREGATOR (2-octet AS session)");
        return read(value, four, "AGGREGATOR");
    }

    static Aggregator read(ByteBuf value, boolean fourOctetAs, String attribute) throws MalformedException {
        long asn = fourOctetAs ? value.readUnsignedInt() : value.readUnsignedShort();
        if (asn == 0) {
            throw MalformedException.of(NotificationCode.OPTIONAL_ATTRIBUTE_ERROR, attribute + " names AS 0 (RFC 7607)");
        }
        return new Aggregator(Asn.of(asn), IpAddress.v4(value.readInt()));
    }

    @Override
    public int valueLength(Aggregator attribute, CodecContext context) {
        return context.fourOctetAs() ? 8 : 6;
    }

    @Override
    public void encode(Aggregator attribute, CodecContext context, ByteBuf out) {
        if (context.fourOctetAs()) {
            out.writeInt(attribute.asn().toInt());
        } else {
            out.writeShort(attribute.asn().twoOctetValue());
        }
        out.writeInt(attribute.address().v4Bits());
    }
}
