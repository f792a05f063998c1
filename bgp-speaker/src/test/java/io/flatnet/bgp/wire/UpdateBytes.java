package io.flatnet.bgp.wire;

/**
 * Builds UPDATE bodies as hex, counting the lengths so tests only spell out what they are about.
 * Deliberately independent of the encoder under test.
 */
final class UpdateBytes {
    static final String ORIGIN_IGP = attr(0x40, 1, "00");
    /** AS_SEQUENCE 65001 on a 2-octet session. */
    static final String AS_PATH_2 = attr(0x40, 2, "0201 fde9");
    /** AS_SEQUENCE 65001 on a 4-octet session. */
    static final String AS_PATH_4 = attr(0x40, 2, "0201 0000fde9");
    /** NEXT_HOP 192.0.2.1. */
    static final String NEXT_HOP = attr(0x40, 3, "c0000201");
    /** 10.1.0.0/24. */
    static final String NLRI = "18 0a0100";

    private UpdateBytes() {}

    /** An attribute; Extended Length is used when the flags ask for it or the value needs it. */
    static String attr(int flags, int type, String valueHex) {
        String value = WireFixtures.hex(valueHex);
        int length = value.length() / 2;
        boolean extended = (flags & 0x10) != 0 || length > 255;
        int f = extended ? flags | 0x10 : flags;
        return String.format(extended ? "%02x%02x%04x" : "%02x%02x%02x", f, type, length) + value;
    }

    static String body(String withdrawn, String attributes, String nlri) {
        String w = WireFixtures.hex(withdrawn);
        String a = WireFixtures.hex(attributes);
        return String.format("%04x", w.length() / 2) + w + String.format("%04x", a.length() / 2) + a + WireFixtures.hex(nlri);
    }

    static String announce(String attributes) {
        return body("", attributes, NLRI);
    }
}
