package io.flatnet.bgp.wire;

import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.AsPathSegment;
import io.flatnet.bgp.wire.attribute.AttributeType;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * AS4_PATH (RFC 6793 §3): AS_PATH's segments with 4-octet AS numbers, sent alongside a 2-octet
 * AS_PATH. Malformed (length odd or under 6, or a bad segment): attribute discard (RFC 6793 §6),
 * because the 2-octet AS_PATH still describes the route. Confederation segments must not appear
 * in it; they are dropped and the rest kept (RFC 6793 §6).
 */
final class As4PathCodec implements AttributeCodec<As4Path> {

    @Override
    public AttributeType type() {
        return AttributeType.AS4_PATH;
    }

    @Override
    public ErrorAction malformedAction() {
        return ErrorAction.ATTRIBUTE_DISCARD;
    }

    @Override
    public As4Path decode(ByteBuf value, CodecContext context) throws MalformedException {
        int length = value.readableBytes();
        if (length < 6 || length % 2 != 0) {
            throw MalformedException.length("AS4_PATH", length, "an even number of at least 6");
        }
        List<AsPathSegment> segments =
                AsPathSegments.read(value, 4, "AS4_PATH", NotificationCode.OPTIONAL_ATTRIBUTE_ERROR);
        List<AsPathSegment> kept = new ArrayList<>(segments.size());
        for (AsPathSegment s : segments) {
            if (s.type() == AsPathSegment.Type.AS_SEQUENCE || s.type() == AsPathSegment.Type.AS_SET) {
                kept.add(s);
            }
        }
        return new As4Path(new AsPath(kept), kept.size() != segments.size());
    }

    @Override
    public int valueLength(As4Path attribute, CodecContext context) {
        return AsPathSegments.length(attribute.path().segments(), 4);
    }

    @Override
    public void encode(As4Path attribute, CodecContext context, ByteBuf out) {
        AsPathSegments.write(attribute.path().segments(), 4, out);
    }
}
