package io.flatnet.bgp.wire.open;

import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.wire.BgpWireException;
import io.flatnet.bgp.wire.NotificationCode;
import io.flatnet.bgp.wire.WireError;
import io.flatnet.bgp.wire.capability.Capability;
import io.flatnet.bgp.wire.message.Open;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * OPEN body (RFC 4271 §4.2): version, My Autonomous System, Hold Time, BGP Identifier, then the
 * optional parameters. Checks only what the message alone can tell; whether the AS is the one
 * configured or the identifier collides with ours is for the session.
 */
public final class OpenCodec {
    static final int FIXED_FIELDS_LENGTH = 10;

    private OpenCodec() {}

    /**
     * Decodes an OPEN body (everything after the header), consuming all of it. Fields are checked
     * in RFC 4271 §6.2 order, so the first failing one names the NOTIFICATION.
     */
    public static Open decodeBody(ByteBuf body) throws BgpWireException {
        if (body.readableBytes() < FIXED_FIELDS_LENGTH) {
            throw OpenErrors.malformed("OPEN body of " + body.readableBytes() + " octets is shorter than its fixed fields");
        }
        int version = body.readUnsignedByte();
        if (version != Open.BGP_VERSION) {
            // Data: the largest version we support, as a 2-octet number (RFC 4271 §6.2).
            throw new BgpWireException(WireError.reset(NotificationCode.UNSUPPORTED_VERSION_NUMBER,
                    Bytes.of((byte) 0, (byte) Open.BGP_VERSION), "BGP version " + version));
        }
        int myAs = body.readUnsignedShort();
        if (myAs == 0) {
            throw BgpWireException.reset(NotificationCode.BAD_PEER_AS, "My Autonomous System is 0 (RFC 7607)");
        }
        int holdTime = body.readUnsignedShort();
        if (holdTime == 1 || holdTime == 2) {
            throw BgpWireException.reset(NotificationCode.UNACCEPTABLE_HOLD_TIME, "hold time " + holdTime + " s");
        }
        int identifier = body.readInt();
        if (identifier == 0) {
            // RFC 6286 §2.1 allows any non-zero value, not only a unicast IPv4 address.
            throw BgpWireException.reset(NotificationCode.BAD_BGP_IDENTIFIER, "BGP Identifier 0.0.0.0");
        }
        List<Capability> capabilities = OptionalParameters.decode(body);
        return new Open(version, myAs, holdTime, RouterId.of(identifier), capabilities);
    }

    /**
     * Appends the OPEN body. Capabilities go into one Capabilities parameter in the RFC 4271
     * format when it fits in 255 octets, else into the RFC 9072 extended format.
     *
     * @throws IllegalArgumentException when the capabilities exceed even the extended format
     */
    public static void encodeBody(Open open, ByteBuf out) {
        out.writeByte(open.version())
                .writeShort(open.myAutonomousSystem())
                .writeShort(open.holdTime())
                .writeInt(open.bgpIdentifier().bits());
        OptionalParameters.encode(open.capabilities(), out);
    }
}
