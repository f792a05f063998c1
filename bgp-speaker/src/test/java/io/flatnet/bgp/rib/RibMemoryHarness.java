package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.model.route.RouteAttributes;
import java.util.List;

/**
 * Heap used by the RIB for N IPv4 /24 routes from P peers (not a test; run by hand):
 *
 * <pre>
 * java -Xmx2g -cp bgp-speaker/target/classes:bgp-speaker/target/test-classes  (after mvn test) \
 *     io.flatnet.bgp.rib.RibMemoryHarness [routes=1000000] [peers=1] [attributeSets=100]
 * </pre>
 *
 * Measures used heap after full GCs before and after loading, with one listener attached (which
 * only counts), and prints bytes per route: the Adj-RIB-In entries, the Loc-RIB entries and the
 * attribute sets, everything the RIB holds.
 */
public final class RibMemoryHarness {
    private RibMemoryHarness() {}

    public static void main(String[] args) {
        int routes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int peers = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int sets = args.length > 2 ? Integer.parseInt(args[2]) : 100;

        long before = usedAfterGc();
        Rib rib = new Rib(BestPathOptions.DEFAULT.withMaxPaths(4));
        long[] changes = {0};
        rib.addListener(c -> changes[0]++);
        long start = System.nanoTime();
        for (int peer = 0; peer < peers; peer++) {
            RouteSource source = RouteSource.ebgp(IpAddress.v4(0xC0000200 + peer), RouterId.of(0x0A000000 + peer), Asn.of(65001 + peer));
            RouteAttributes[] attributes = new RouteAttributes[sets];
            for (int s = 0; s < sets; s++) {
                attributes[s] = Routes.attrs(65001 + peer, 64000 + s)
                        .nextHop(IpAddress.v4(0xC0000200 + peer))
                        .communities(List.of(Community.of(65001, s)))
                        .build();
            }
            final int batch = 500;
            for (int from = 0; from < routes; from += batch) {
                NlriList.Builder nlri = NlriList.builder(Afi.IPV4, false, batch);
                for (int i = from; i < Math.min(routes, from + batch); i++) {
                    nlri.addV4(0, (0x01000000 + i) << 8, 24);
                }
                rib.announce(source, nlri.build(), attributes[(from / batch) % sets]);
            }
        }
        long loadNanos = System.nanoTime() - start;
        long after = usedAfterGc();

        long bytes = after - before;
        long total = (long) routes * peers;
        System.out.printf("%d routes x %d peers (%d paths, %d prefixes, %d attribute sets, %d best-path changes)%n",
                routes, peers, rib.locRib(Afi.IPV4).pathCount(), rib.locRib(Afi.IPV4).prefixCount(),
                rib.interner().size(), changes[0]);
        System.out.printf("heap used by the RIB: %.1f MiB, %.1f bytes per path, %.1f bytes per prefix; loaded in %d ms%n",
                bytes / 1048576.0, (double) bytes / total, (double) bytes / routes, loadNanos / 1_000_000);
        if (rib.locRib(Afi.IPV4).prefixCount() != routes) {
            throw new AssertionError("lost prefixes");
        }
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
