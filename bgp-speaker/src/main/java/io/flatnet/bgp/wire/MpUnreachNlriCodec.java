package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.wire.attribute.AttributeType;
import io.flatnet.bgp.wire.attribute.MpUnreachNlri;
import io.netty.buffer.ByteBuf;

/**
 * MP_UNREACH_NLRI (RFC 4760 §4): AFI, SAFI, withdrawn NLRI; with no NLRI it is the End-of-RIB
 * marker of its family (RFC 4724 §2). Errors are reported per {@link MpFamilies}.
 */
final class MpUnreachNlriCodec implements AttributeCodec<MpUnreachNlri> {
    private static final String NAME = "MP_UNREACH_NLRI";

    @Override
    public AttributeType type() {
        return AttributeType.MP_UNREACH_NLRI;
    }

    @Override
    public ErrorAction malformedAction() {
        return ErrorAction.AFISAFI_DISABLE;
    }

    @Override
    public MpUnreachNlri decode(ByteBuf value, CodecContext context) throws MalformedException {
        AddressFamily family = MpFamilies.readFamily(value, context, NAME);
        NlriList withdrawn;
        try {
            withdrawn = NlriCodec.decode(value, value.readerIndex(), value.writerIndex(), family.knownAfi(),
                    context.receivesPathIds(family));
        } catch (MalformedException e) {
            throw MpFamilies.disable(family, NAME, e.reason());
        }
        value.readerIndex(value.writerIndex()); // NlriCodec reads by index; the value is now consumed
        return new MpUnreachNlri(family, withdrawn);
    }

    @Override
    public int valueLength(MpUnreachNlri attribute, CodecContext context) {
        return 3 + NlriCodec.length(attribute.withdrawn(), context.sendsPathIds(attribute.family()));
    }

    @Override
    public void encode(MpUnreachNlri attribute, CodecContext context, ByteBuf out) {
        out.writeShort(attribute.family().afi());
        out.writeByte(attribute.family().safi());
        NlriCodec.encode(attribute.withdrawn(), context.sendsPathIds(attribute.family()), out);
    }
}
