package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.RouterId;
import java.util.TreeMap;

/**
 * How long a chunked walk of a full Loc-RIB holds the RIB thread (not a test; run by hand), as the
 * API's paged route listing does it: one {@link LocRib#walk} call per RIB task, keeping the
 * lowest {@code limit} prefixes after a cursor.
 *
 * <pre>
 * java -Xmx2g -cp bgp-speaker/target/classes:bgp-speaker/target/test-classes:$(cat cp.txt) \
 *     io.flatnet.bgp.rib.RibWalkHarness [routes=1000000] [slotsPerTask=8192] [limit=1000]
 * </pre>
 *
 * Prints the slowest and the mean task, the tasks per page and the time of a whole page.
 */
public final class RibWalkHarness {
    private RibWalkHarness() {}

    public static void main(String[] args) {
        int routes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int slots = args.length > 1 ? Integer.parseInt(args[1]) : 8192;
        int limit = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        Rib rib = new Rib(BestPathOptions.DEFAULT.withMaxPaths(4));
        RouteSource source = RouteSource.ebgp(IpAddress.v4(0xC0000201), RouterId.of(0x0A000001), Asn.of(65001));
        var attributes = Routes.attrs(65001).nextHop(IpAddress.v4(0xC0000201)).build();
        for (int from = 0; from < routes; from += 500) {
            NlriList.Builder nlri = NlriList.builder(Afi.IPV4, false, 500);
            for (int i = from; i < Math.min(routes, from + 500); i++) {
                nlri.addV4(0, (0x01000000 + i) << 8, 24);
            }
            rib.announce(source, nlri.build(), attributes);
        }
        LocRib table = rib.locRib(Afi.IPV4);
        IpPrefix after = null;
        for (int round = 0; round < 10; round++) { // the first rounds warm the JIT up
            TreeMap<IpPrefix, Object> page = new TreeMap<>();
            IpPrefix cursor = after;
            long slowest = 0;
            long total = 0;
            int tasks = 0;
            long pageStart = System.nanoTime();
            for (TableWalk w = TableWalk.START; !w.finished(); tasks++) {
                long t = System.nanoTime();
                w = table.walk(w, slots, (paths, decision) -> {
                    IpPrefix p = paths.getFirst().prefix();
                    if ((cursor == null || p.compareTo(cursor) > 0)
                            && (page.size() <= limit || p.compareTo(page.lastKey()) < 0)) {
                        page.put(p, decision);
                        if (page.size() > limit + 1) {
                            page.pollLastEntry();
                        }
                    }
                });
                long took = System.nanoTime() - t;
                slowest = Math.max(slowest, took);
                total += took;
            }
            long pageNanos = System.nanoTime() - pageStart;
            System.out.printf("%d prefixes, page of %d after %s: %d RIB tasks of %d slots, slowest %.2f ms, mean %.2f ms,"
                    + " page %.1f ms%n", table.prefixCount(), limit, cursor, tasks, slots, slowest / 1e6,
                    total / 1e6 / tasks, pageNanos / 1e6);
            after = page.lastKey();
        }
    }
}
