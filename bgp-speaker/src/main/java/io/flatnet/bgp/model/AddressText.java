package io.flatnet.bgp.model;

/** Text forms of addresses: dotted quads and RFC 5952 canonical IPv6. */
final class AddressText {
    private AddressText() {}

    static IpAddress parse(String text) {
        String s = text.strip();
        if (s.indexOf(':') >= 0) {
            return parseV6(s, text);
        }
        return IpAddress.v4(parseV4(s, text));
    }

    private static int parseV4(String s, String original) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw bad(original);
        }
        int bits = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw bad(original);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw bad(original);
            }
            bits = (bits << 8) | octet;
        }
        return bits;
    }

    private static IpAddress parseV6(String s, String original) {
        int[] groups = new int[8];
        String head = s;
        String tail = null;
        int gap = s.indexOf("::");
        if (gap >= 0) {
            if (s.indexOf("::", gap + 1) >= 0) {
                throw bad(original);
            }
            head = s.substring(0, gap);
            tail = s.substring(gap + 2);
        }
        int[] headGroups = v6Groups(head, original, tail == null);
        int[] tailGroups = tail == null ? new int[0] : v6Groups(tail, original, true);
        int count = headGroups.length + tailGroups.length;
        if ((tail == null && count != 8) || (tail != null && count > 7)) {
            throw bad(original);
        }
        System.arraycopy(headGroups, 0, groups, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, groups, 8 - tailGroups.length, tailGroups.length);
        long high = 0;
        long low = 0;
        for (int i = 0; i < 4; i++) {
            high = (high << 16) | groups[i];
            low = (low << 16) | groups[i + 4];
        }
        return IpAddress.v6(high, low);
    }

    /** Groups of one side of "::"; an embedded dotted quad is allowed only at the very end. */
    private static int[] v6Groups(String part, String original, boolean mayEndInV4) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] texts = part.split(":", -1);
        String last = texts[texts.length - 1];
        boolean v4Tail = mayEndInV4 && last.indexOf('.') >= 0;
        int[] out = new int[texts.length + (v4Tail ? 1 : 0)];
        for (int i = 0; i < texts.length - (v4Tail ? 1 : 0); i++) {
            String g = texts[i];
            if (g.isEmpty() || g.length() > 4) {
                throw bad(original);
            }
            try {
                out[i] = Integer.parseInt(g, 16);
            } catch (NumberFormatException e) {
                throw bad(original);
            }
        }
        if (v4Tail) {
            int v4 = parseV4(last, original);
            out[texts.length - 1] = v4 >>> 16;
            out[texts.length] = v4 & 0xFFFF;
        }
        return out;
    }

    static String format(IpAddress a) {
        if (a.afi() == Afi.IPV4) {
            int v = (int) a.low();
            return ((v >>> 24) & 0xFF) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (a.high() >>> (48 - 16 * i)) & 0xFFFF;
            g[i + 4] = (int) (a.low() >>> (48 - 16 * i)) & 0xFFFF;
        }
        // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("not an IP address literal: '" + text + "'");
    }
}
