package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.Set;

/** Hex in, hex out, and the session contexts the UPDATE tests use. */
final class WireFixtures {
    static final Set<AddressFamily> BOTH = Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);

    /** 4-octet AS, eBGP, IPv4 and IPv6 unicast: the common modern session. */
    static final CodecContext FOUR = new CodecContext(true, false, Set.of(), Set.of(), Set.of(), BOTH, false);
    /** The same with a 2-octet AS peer (RFC 6793 OLD speaker). */
    static final CodecContext TWO = FOUR.withFourOctetAs(false);
    static final CodecContext IBGP = FOUR.withInternalPeer(true);
    /** Add-path both ways for both families. */
    static final CodecContext ADD_PATH = new CodecContext(true, false, BOTH, BOTH, Set.of(), BOTH, false);

    private WireFixtures() {}

    static ByteBuf buf(String hex) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replaceAll("\\s+", "")));
    }

    static String hex(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }

    static String hex(String spaced) {
        return spaced.replaceAll("\\s+", "").toLowerCase();
    }

    static String encode(Update update, CodecContext context) {
        ByteBuf out = Unpooled.buffer();
        UpdateEncoder.encodeBody(update, context, out);
        return hex(out);
    }

    static Decoded decode(String hex, CodecContext context) throws BgpWireException {
        return UpdateDecoder.decode(buf(hex), context);
    }

    static Update decodeClean(String hex, CodecContext context) throws BgpWireException {
        Decoded decoded = decode(hex, context);
        if (!decoded.errors().isEmpty()) {
            throw new AssertionError("expected no errors, got " + decoded.errors());
        }
        return (Update) decoded.message();
    }
}
