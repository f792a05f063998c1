package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.Afi;

/**
 * Time of the Loc-RIB's hash table alone to insert and then remove N IPv4 /24 keys, in order
 * ({@code sorted}: consecutive prefixes, as a full table arrives) or scattered ({@code random}).
 * Not a test; run by hand like {@link RibLoadHarness}:
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp bgp-speaker/target/classes:bgp-speaker/target/test-classes \
 *     io.flatnet.bgp.rib.PrefixTableHarness [keys=1000000] [sorted|random]
 * </pre>
 */
public final class PrefixTableHarness {
    private PrefixTableHarness() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        boolean random = args.length > 1 && args[1].equals("random");
        for (int round = 1; round <= 5; round++) {
            PrefixColumns columns = new PrefixColumns(Afi.IPV4);
            PrefixTable table = new PrefixTable(columns);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                // random: an odd multiplier modulo 2^24 scatters the networks without repeating one
                long network = random ? (i * 0x9E3779B1L) & 0xFFFFFFL : 0x0A0000L + i;
                long low = (network << 8) & 0xFFFFFFFFL;
                int at = table.indexOf(0, low, 24);
                table.insertAt(at, columns.allocate(0, low, 24));
            }
            long t1 = System.nanoTime();
            for (int id = 0; id < n; id++) {
                table.removeAt(table.indexOf(0, columns.low(id), 24));
            }
            long t2 = System.nanoTime();
            System.out.printf("round %d: insert %d ms, remove %d ms%n", round, (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000);
        }
    }
}
