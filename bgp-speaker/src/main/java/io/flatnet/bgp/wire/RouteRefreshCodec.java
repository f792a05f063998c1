package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.wire.message.RouteRefresh;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * ROUTE-REFRESH body (RFC 2918 §3, RFC 7313 §3): AFI (2 octets), message subtype (1, formerly
 * reserved), SAFI (1).
 *
 * <p>RFC 7313 §5 asks for error 7/1 with the whole message as data when a BoRR or EoRR is not
 * exactly 23 octets long. flatnet applies that to every subtype: a request of another length is
 * no better formed, and one rule keeps the check independent of an octet that may not be there.
 * Subtypes other than 0, 1 and 2 decode as they are; RFC 7313 §5 has the receiver ignore them,
 * which is the session's call.
 */
final class RouteRefreshCodec {
    private RouteRefreshCodec() {}

    static RouteRefresh decode(ByteBuf frame, int start, int length) throws BgpWireException {
        if (length != MessageHeader.ROUTE_REFRESH_LENGTH) {
            Bytes whole = Bytes.of(ByteBufUtil.getBytes(frame, start, length));
            throw new BgpWireException(WireError.reset(NotificationCode.ROUTE_REFRESH_INVALID_LENGTH, whole,
                    "ROUTE-REFRESH of " + length + " octets, not " + MessageHeader.ROUTE_REFRESH_LENGTH));
        }
        int body = start + CodecContext.HEADER_LENGTH;
        int afi = frame.getUnsignedShort(body);
        int subtype = frame.getUnsignedByte(body + 2);
        int safi = frame.getUnsignedByte(body + 3);
        return new RouteRefresh(new AddressFamily(afi, safi), subtype);
    }

    static void encodeBody(RouteRefresh refresh, ByteBuf out) {
        out.writeShort(refresh.family().afi()).writeByte(refresh.subtype()).writeByte(refresh.family().safi());
    }
}
