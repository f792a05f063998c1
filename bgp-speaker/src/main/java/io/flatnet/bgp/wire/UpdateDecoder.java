package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.wire.attribute.AttributeFlags;
import io.flatnet.bgp.wire.attribute.AttributeType;
import io.netty.buffer.ByteBuf;
import java.util.Optional;

/**
 * Reads the body of an UPDATE (after the 19-octet header), applying RFC 7606.
 *
 * <p>What each malformation leads to (the full table is in {@code package-info}): a length field
 * that overruns the message, a syntax error in the UPDATE's own NLRI or Withdrawn Routes, an
 * unrecognized well-known attribute, a repeated MP attribute, or an MP attribute too short to
 * name its family: session reset, thrown. Everything else is returned with the update:
 * treat-as-withdraw (the update still holds every NLRI so that the caller can withdraw them),
 * attribute discard (the update already lacks the attribute), or AFI/SAFI disable (the MP
 * attribute is left out; {@link #disabledFamily} names the family).
 */
public final class UpdateDecoder {
    private UpdateDecoder() {}

    /**
     * Decodes {@code body} (reader index at the Withdrawn Routes Length field, readable bytes
     * exactly the UPDATE body). Returns the update with the non-fatal errors; throws when the
     * session must be reset. On return the body has been read to its end.
     */
    public static Decoded decode(ByteBuf body, CodecContext context) throws BgpWireException {
        Decoded decoded = new UpdateReader(body, context).read();
        body.readerIndex(body.writerIndex());
        return decoded;
    }

    /**
     * The family an {@link ErrorAction#AFISAFI_DISABLE} error is about. Such an error's data is
     * the MP_REACH_NLRI or MP_UNREACH_NLRI attribute, whose value opens with AFI and SAFI.
     */
    public static Optional<AddressFamily> disabledFamily(WireError error) {
        Bytes data = error.data();
        if (error.action() != ErrorAction.AFISAFI_DISABLE || data.length() < 3) {
            return Optional.empty();
        }
        int type = data.get(1);
        if (type != AttributeType.MP_REACH_NLRI.code() && type != AttributeType.MP_UNREACH_NLRI.code()) {
            return Optional.empty();
        }
        int value = (data.get(0) & AttributeFlags.EXTENDED_LENGTH) != 0 ? 4 : 3;
        if (data.length() < value + 3) {
            return Optional.empty();
        }
        return Optional.of(new AddressFamily((data.get(value) << 8) | data.get(value + 1), data.get(value + 2)));
    }
}
