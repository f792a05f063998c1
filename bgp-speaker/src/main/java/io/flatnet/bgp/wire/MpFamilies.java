package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.AddressFamily;
import io.netty.buffer.ByteBuf;

/**
 * The AFI/SAFI head shared by MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 4760 §3, §4), and the error
 * actions that depend on it. An attribute too short to name its family leaves nothing narrower
 * than the session to blame: session reset. A family flatnet does not route, or that was not
 * negotiated, is ignored (the attribute is dropped and logged): RFC 4760 defines no error for
 * it, and a peer announcing, say, VPNv4 alongside unicast must not cost the unicast routes. Any
 * other malformation means the family's NLRI cannot be trusted: AFI/SAFI disable (RFC 4760 §7,
 * RFC 7606 §7.11, §7.12), which the session escalates to a reset when it is the only family.
 * All carry Optional Attribute Error (3/9), the subcode RFC 4760 §7 names.
 */
final class MpFamilies {
    private MpFamilies() {}

    /** Reads AFI and SAFI, failing as described above. */
    static AddressFamily readFamily(ByteBuf value, CodecContext context, String attribute) throws MalformedException {
        if (value.readableBytes() < 3) {
            throw MalformedException.withAction(NotificationCode.OPTIONAL_ATTRIBUTE_ERROR, ErrorAction.SESSION_RESET,
                    attribute + " of " + value.readableBytes() + " octets is too short to name its AFI/SAFI");
        }
        AddressFamily family = new AddressFamily(value.readUnsignedShort(), value.readUnsignedByte());
        if (!family.isSupported() || !context.families().contains(family)) {
            throw MalformedException.withAction(NotificationCode.OPTIONAL_ATTRIBUTE_ERROR, ErrorAction.ATTRIBUTE_DISCARD,
                    attribute + " for " + family + ", which is not negotiated on this session, is ignored");
        }
        return family;
    }

    static MalformedException disable(AddressFamily family, String attribute, String reason) {
        return MalformedException.withAction(NotificationCode.OPTIONAL_ATTRIBUTE_ERROR, ErrorAction.AFISAFI_DISABLE,
                attribute + " for " + family + ": " + reason);
    }
}
