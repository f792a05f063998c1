package io.flatnet.badinput;

import io.flatnet.bgp.model.IpPrefix;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/**
 * Well-formed UPDATEs a raw peer sends around a crafted one: the route a case is about, before
 * it, and the sentinel after it. Same attributes as the corpus (ORIGIN IGP, AS_PATH of the peer's
 * AS, next hop 10.0.0.1 or 2001:db8::1), so only the crafted bytes differ.
 */
final class CleanUpdates {
    private CleanUpdates() {}

    /** The NLRI encoding of {@code prefix} (length octet, then the significant octets). */
    static byte[] nlri(IpPrefix prefix) {
        byte[] address = prefix.address().toBytes();
        int octets = (prefix.length() + 7) / 8;
        byte[] out = new byte[1 + octets];
        out[0] = (byte) prefix.length();
        System.arraycopy(address, 0, out, 1, octets);
        return out;
    }

    static String nlriHex(IpPrefix prefix) {
        return HexFormat.of().formatHex(nlri(prefix));
    }

    static byte[] announce(IpPrefix prefix, long asn, boolean fourOctetAs) {
        return announce(prefix, asn, fourOctetAs, false);
    }

    /** With {@code pathId}, an IPv4 route carries path identifier 1 (RFC 7911 negotiated). */
    static byte[] announce(IpPrefix prefix, long asn, boolean fourOctetAs, boolean pathId) {
        ByteArrayOutputStream attrs = new ByteArrayOutputStream();
        attrs.writeBytes(hex("40010100"));
        byte[] as = fourOctetAs
                ? new byte[] {(byte) (asn >>> 24), (byte) (asn >>> 16), (byte) (asn >>> 8), (byte) asn}
                : new byte[] {(byte) (asn >>> 8), (byte) asn};
        attrs.writeBytes(new byte[] {0x40, 0x02, (byte) (2 + as.length), 0x02, 0x01});
        attrs.writeBytes(as);
        byte[] nlri = nlri(prefix);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (prefix.afi().code() == 1) {
            attrs.writeBytes(hex("4003040a000001"));
            if (pathId) {
                byte[] withId = new byte[4 + nlri.length];
                withId[3] = 1;
                System.arraycopy(nlri, 0, withId, 4, nlri.length);
                nlri = withId;
            }
            writeBody(body, attrs.toByteArray(), nlri);
        } else {
            ByteArrayOutputStream mp = new ByteArrayOutputStream();
            mp.writeBytes(hex("0002011020010db8000000000000000000000001" + "00"));
            mp.writeBytes(nlri);
            byte[] value = mp.toByteArray();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(new byte[] {(byte) 0x80, 0x0e, (byte) value.length});
            all.writeBytes(value);
            all.writeBytes(attrs.toByteArray());
            writeBody(body, all.toByteArray(), new byte[0]);
        }
        return RawPeer.message(RawPeer.UPDATE, body.toByteArray());
    }

    private static void writeBody(ByteArrayOutputStream body, byte[] attrs, byte[] nlri) {
        body.writeBytes(new byte[] {0, 0, (byte) (attrs.length >> 8), (byte) attrs.length});
        body.writeBytes(attrs);
        body.writeBytes(nlri);
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
