package io.flatnet.bgp.model;

/** A large community (RFC 8092): three unsigned 32-bit fields, Global Administrator:Local1:Local2. */
public record LargeCommunity(long globalAdministrator, long localData1, long localData2) {

    public LargeCommunity {
        check(globalAdministrator);
        check(localData1);
        check(localData2);
    }

    private static void check(long field) {
        if (field < 0 || field > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("large community fields are 0..4294967295: " + field);
        }
    }

    /** Parses "4200000001:1:2". */
    public static LargeCommunity parse(String text) {
        String[] parts = text.strip().split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a large community is 'ga:ld1:ld2', not '" + text + "'");
        }
        try {
            return new LargeCommunity(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a large community is 'ga:ld1:ld2', not '" + text + "'", e);
        }
    }

    @Override
    public String toString() {
        return globalAdministrator + ":" + localData1 + ":" + localData2;
    }
}
