package io.flatnet.lab;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 prefix as an integer range, for the lab's address-collision and route-safety checks. */
record Ipv4Block(long first, int length) {
  private static final Pattern FORM = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?$");
  /** The shared address space the lab may use (RFC 6598). */
  static final Ipv4Block CGNAT = parse("100.64.0.0/10").orElseThrow();

  /** Parses {@code a.b.c.d} or {@code a.b.c.d/n}; anything else is empty. */
  static Optional<Ipv4Block> parse(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    long value = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255) {
        return Optional.empty();
      }
      value = (value << 8) | octet;
    }
    int length = m.group(5) == null ? 32 : Integer.parseInt(m.group(5));
    if (length > 32) {
      return Optional.empty();
    }
    long mask = length == 0 ? 0 : (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
    return Optional.of(new Ipv4Block(value & mask, length));
  }

  long last() {
    return first + (1L << (32 - length)) - 1;
  }

  boolean overlaps(Ipv4Block other) {
    return first <= other.last() && other.first <= last();
  }

  boolean within(Ipv4Block outer) {
    return first >= outer.first && last() <= outer.last();
  }
}
