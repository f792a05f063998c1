package io.flatnet.lab;

import java.util.HexFormat;
import java.util.Locale;

/**
 * A path attribute given byte for byte, for exabgp's {@code attribute [ code flags payload ]}
 * syntax: the way to put malformed or unknown attributes on a live session (see LAB.md for which
 * shapes exabgp really sends).
 *
 * @param code attribute type code, 0..255
 * @param flags the flags octet as sent; exabgp adds EXTENDED_LENGTH itself past 255 bytes
 * @param payloadHex the value, lowercase hex, possibly empty
 */
public record RawAttribute(int code, int flags, String payloadHex) {
  public static final int OPTIONAL = 0x80;
  public static final int TRANSITIVE = 0x40;
  public static final int PARTIAL = 0x20;
  public static final int EXTENDED_LENGTH = 0x10;

  public RawAttribute {
    if (code < 0 || code > 255 || flags < 0 || flags > 255) {
      throw new IllegalArgumentException("code and flags are octets: " + code + ", " + flags);
    }
    payloadHex = payloadHex.toLowerCase(Locale.ROOT);
    HexFormat.of().parseHex(payloadHex); // rejects odd lengths and non-hex early
  }

  public static RawAttribute of(int code, int flags, String payloadHex) {
    return new RawAttribute(code, flags, payloadHex);
  }

  /** exabgp's text form, e.g. {@code attribute [ 0x63 0xc0 0xdeadbeef ]}. */
  public String toExabgp() {
    return String.format("attribute [ 0x%02x 0x%02x 0x%s ]", code, flags, payloadHex);
  }
}
