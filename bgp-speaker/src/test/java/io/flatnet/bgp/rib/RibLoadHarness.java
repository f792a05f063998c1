package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.model.route.RouteAttributes;

/**
 * Time of the RIB alone (no sessions, no encoding) to load and withdraw N IPv4 /24 routes from one
 * peer, as the benchmark's table sends them: 250 prefixes an UPDATE, 4000 attribute sets. A
 * prefix listener stands in for the speaker and releases retired ids every 4096 changes. Not a
 * test; run by hand under the bench's JIT and GC (after {@code mvn test-compile}):
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:PretenureSizeThreshold=256k -Xmx112m -Xmn16m \
 *     -cp bgp-speaker/target/classes:bgp-speaker/target/test-classes:$(cat bgp-speaker/target/bench.classpath) \
 *     io.flatnet.bgp.rib.RibLoadHarness [routes=1000000] [rounds=6]
 * </pre>
 */
public final class RibLoadHarness {
    private RibLoadHarness() {}

    public static void main(String[] args) {
        int routes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        RouteSource peer = RouteSource.ebgp(IpAddress.v4(0xC0000201), RouterId.of(0x0A000001), Asn.of(65001));
        RouteAttributes[] attributes = new RouteAttributes[4000];
        for (int s = 0; s < attributes.length; s++) {
            attributes[s] = Routes.attrs(65001, 1000 + s).nextHop(IpAddress.v4(0xC0000201)).build();
        }
        NlriList[] updates = new NlriList[(routes + 249) / 250];
        for (int u = 0; u < updates.length; u++) {
            NlriList.Builder b = NlriList.builder(Afi.IPV4, false, 250);
            for (int i = u * 250; i < Math.min(routes, (u + 1) * 250); i++) {
                b.addV4(0, 0x0A000000 + (i << 8), 24);
            }
            updates[u] = b.build();
        }
        for (int round = 1; round <= rounds; round++) {
            Rib rib = new Rib(BestPathOptions.DEFAULT);
            int[] changes = {0};
            rib.addPrefixListener((afi, id) -> {
                if (++changes[0] % 4096 == 0) {
                    rib.locRib(afi).releaseRetired();
                }
            });
            long t0 = System.nanoTime();
            for (int u = 0; u < updates.length; u++) {
                rib.announce(peer, updates[u], attributes[u % attributes.length]);
            }
            long t1 = System.nanoTime();
            for (NlriList u : updates) {
                rib.withdraw(peer, u);
            }
            long t2 = System.nanoTime();
            System.out.printf("round %d: load %d ms, withdraw %d ms (%d changes)%n", round, (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000, changes[0]);
        }
    }
}
