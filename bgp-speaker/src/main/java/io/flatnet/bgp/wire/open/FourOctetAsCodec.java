package io.flatnet.bgp.wire.open;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.wire.BgpWireException;
import io.flatnet.bgp.wire.NotificationCode;
import io.flatnet.bgp.wire.capability.Capability;
import io.flatnet.bgp.wire.capability.FourOctetAsCapability;
import io.netty.buffer.ByteBuf;

/** 4-octet AS support (RFC 6793 §3): the speaker's AS in 4 octets. */
final class FourOctetAsCodec implements CapabilityCodec<FourOctetAsCapability> {
    private static final int LENGTH = 4;

    @Override
    public int code() {
        return Capability.FOUR_OCTET_AS;
    }

    @Override
    public Class<FourOctetAsCapability> type() {
        return FourOctetAsCapability.class;
    }

    @Override
    public Capability decode(ByteBuf value) throws BgpWireException {
        CapabilityCodecs.requireLength(value.readableBytes() == LENGTH, code(), value, "4");
        Asn asn = Asn.fromInt(value.readInt());
        if (asn.value() == 0) {
            // RFC 7607 §2: AS 0 in the capability is as bad as in My Autonomous System.
            throw BgpWireException.reset(NotificationCode.BAD_PEER_AS, "4-octet AS capability carries AS 0");
        }
        return new FourOctetAsCapability(asn);
    }

    @Override
    public void encode(FourOctetAsCapability capability, ByteBuf out) {
        out.writeInt(capability.asn().toInt());
    }
}
