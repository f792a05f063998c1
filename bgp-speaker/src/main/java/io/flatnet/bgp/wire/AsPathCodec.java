package io.flatnet.bgp.wire;

import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.AttributeType;
import io.netty.buffer.ByteBuf;

/**
 * AS_PATH (RFC 4271 §5.1.2, RFC 5065 confederation segments) with 4-octet AS numbers when both
 * sides sent the RFC 6793 capability, else 2-octet ones (AS_TRANS standing in for larger ASNs;
 * {@link As4Paths} restores them). Empty is valid (iBGP). Malformed: treat-as-withdraw (RFC 7606 §7.2).
 */
final class AsPathCodec implements AttributeCodec<AsPath> {

    @Override
    public AttributeType type() {
        return AttributeType.AS_PATH;
    }

    @Override
    public ErrorAction malformedAction() {
        return ErrorAction.TREAT_AS_WITHDRAW;
    }

    @Override
    public AsPath decode(ByteBuf value, CodecContext context) throws MalformedException {
        if (!value.isReadable()) {
            return AsPath.EMPTY;
        }
        return new AsPath(AsPathSegments.read(value, asnOctets(context), "AS_PATH", NotificationCode.MALFORMED_AS_PATH));
    }

    @Override
    public int valueLength(AsPath attribute, CodecContext context) {
        return AsPathSegments.length(attribute.segments(), asnOctets(context));
    }

    @Override
    public void encode(AsPath attribute, CodecContext context, ByteBuf out) {
        AsPathSegments.write(attribute.segments(), asnOctets(context), out);
    }

    private static int asnOctets(CodecContext context) {
        return context.fourOctetAs() ? 4 : 2;
    }
}
