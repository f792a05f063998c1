package io.flatnet.kernel.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.kernel.BatchResult;
import io.flatnet.kernel.Errno;
import io.flatnet.kernel.KernelRoute;
import io.flatnet.kernel.NextHop;
import io.flatnet.kernel.Prefix;
import io.flatnet.kernel.RouteEvent;
import io.flatnet.kernel.RouteOp;
import io.flatnet.kernel.RouteSyncer;
import io.flatnet.kernel.SyncReport;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The syncer and netlink table against the real kernel, in a fresh network namespace per test
 * (see {@link Netns}: gateways 100.64.0.2 / fd00:64::2 on fa0, 100.64.1.2 / fd00:64:1::2 on fa1).
 * What the kernel holds is checked with {@code ip -o route show proto bgp}, independent of our
 * own dump code.
 */
@Tag("privileged")
class RouteSyncerIT {

    private Netns ns;
    private NetlinkRouteTable table;
    private RouteSyncer syncer;
    private NetlinkRouteMonitor monitor;
    private final List<RouteEvent> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        Netns.assumePrivileged();
        ns = new Netns();
        table = ns.call(NetlinkRouteTable::open);
        syncer = new RouteSyncer(table);
        ns.call(() -> {
            syncer.start();
            return null;
        });
    }

    @AfterEach
    void tearDown() {
        if (ns == null) {
            return;
        }
        try {
            if (monitor != null) {
                monitor.close();
            }
            if (table != null) {
                ns.call(() -> {
                    table.close();
                    return null;
                });
            }
        } finally {
            ns.close(); // removes the namespace and everything in it, even after a failure
        }
    }

    private <T> T owner(Supplier<T> s) {
        return ns.call(s::get);
    }

    /** Our routes, one line each as {@code ip -o} prints them, multipath joined, spaces collapsed. */
    private List<String> bgpRoutes() {
        List<String> out = new ArrayList<>();
        for (String family : new String[] {"-4", "-6"}) {
            for (String line : ns.ip("-o", family, "route", "show", "table", "all", "proto", "bgp").split("\n")) {
                String s = line.replace('\\', ' ').replace('\t', ' ').replaceAll(" +", " ").strip();
                if (!s.isEmpty()) {
                    out.add(s.replace(" pref medium", ""));
                }
            }
        }
        return out;
    }

    private List<String> allRoutes() {
        return Arrays.asList((ns.ip("-4", "route", "show") + ns.ip("-6", "route", "show")).split("\n"));
    }

    private void startMonitor() {
        monitor = ns.call(() -> table.openMonitor(e -> {
            seen.add(e);
            ns.execute(() -> syncer.onKernelEvent(e));
        }));
    }

    private static void eventually(Runnable assertion) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void addsReplacesAndDeletes() {
        SyncReport added = owner(() -> syncer.setDesired(List.of(KernelRoute.unicast("100.80.0.0/24", "100.64.0.2"))));
        assertThat(added.added()).isEqualTo(1);
        assertThat(bgpRoutes()).containsExactly("100.80.0.0/24 via 100.64.0.2 dev fa0");

        SyncReport replaced = owner(() -> syncer.setDesired(List.of(KernelRoute.unicast("100.80.0.0/24", "100.64.1.2"))));
        assertThat(replaced.replaced()).isEqualTo(1);
        assertThat(bgpRoutes()).containsExactly("100.80.0.0/24 via 100.64.1.2 dev fa1");

        SyncReport deleted = owner(() -> syncer.setDesired(List.of()));
        assertThat(deleted.deleted()).isEqualTo(1);
        assertThat(bgpRoutes()).isEmpty();
    }

    @Test
    void ecmpOverTwoVethGatewaysIpv4AndIpv6() {
        KernelRoute v4 = KernelRoute.unicast(Prefix.parse("100.80.0.0/24"),
                NextHop.via("100.64.0.2"), NextHop.via("100.64.1.2").withWeight(3));
        KernelRoute v6 = KernelRoute.unicast("fd00:64:80::/48", "fd00:64::2", "fd00:64:1::2");
        owner(() -> syncer.setDesired(List.of(v4, v6)));

        assertThat(bgpRoutes()).containsExactlyInAnyOrder(
                "100.80.0.0/24 nexthop via 100.64.0.2 dev fa0 weight 1 nexthop via 100.64.1.2 dev fa1 weight 3",
                "fd00:64:80::/48 metric 1024 nexthop via fd00:64::2 dev fa0 weight 1 nexthop via fd00:64:1::2 dev fa1 weight 1");
        assertThat(owner(syncer::resync)).as("the kernel's copy reads back equal: nothing to do")
                .isEqualTo(SyncReport.empty());

        SyncReport shrunk = owner(() -> syncer.setDesired(List.of(KernelRoute.unicast("100.80.0.0/24", "100.64.1.2"), v6)));
        assertThat(shrunk.replaced()).isEqualTo(1);
        assertThat(bgpRoutes()).contains("100.80.0.0/24 via 100.64.1.2 dev fa1");
    }

    @Test
    void blackholesIpv4AndIpv6() {
        owner(() -> syncer.setDesired(List.of(KernelRoute.blackhole("100.96.0.0/26"), KernelRoute.blackhole("fd00:64:96::/64"))));

        assertThat(bgpRoutes()).containsExactlyInAnyOrder(
                "blackhole 100.96.0.0/26", "blackhole fd00:64:96::/64 dev lo metric 1024");
        assertThat(owner(syncer::resync)).isEqualTo(SyncReport.empty());
    }

    @Test
    void ipv6RouteWithMetric() {
        owner(() -> syncer.setDesired(List.of(KernelRoute.unicast("fd00:64:80::/48", "fd00:64::2").withMetric(100))));

        assertThat(bgpRoutes()).containsExactly("fd00:64:80::/48 via fd00:64::2 dev fa0 metric 100");
        assertThat(owner(syncer::resync)).isEqualTo(SyncReport.empty());
    }

    @Test
    void tableAbove255AndPreferredSource() {
        RouteSyncer t1000 = new RouteSyncer(table, 100000, KernelRoute.PROTO_BGP);
        owner(() -> {
            t1000.start();
            t1000.setDesired(List.of(KernelRoute.unicast("100.80.0.0/24", "100.64.0.2").withTable(100000)));
            return syncer.setDesired(List.of(KernelRoute.unicast("100.80.1.0/24", "100.64.0.2")
                    .withPreferredSource(InetAddress.ofLiteral("100.64.0.1"))));
        });

        assertThat(bgpRoutes()).containsExactlyInAnyOrder(
                "100.80.0.0/24 via 100.64.0.2 dev fa0 table 100000",
                "100.80.1.0/24 via 100.64.0.2 dev fa0 src 100.64.0.1");
        assertThat(owner(t1000::resync)).isEqualTo(SyncReport.empty());
        assertThat(owner(syncer::resync)).isEqualTo(SyncReport.empty());
    }

    @Test
    void foreignRoutesAreLeftAlone() {
        ns.ip("route", "add", "100.81.0.0/24", "via", "100.64.0.2", "proto", "static");
        ns.ip("route", "add", "100.80.0.0/24", "via", "100.64.1.2", "proto", "static");
        ns.ip("route", "add", "blackhole", "100.82.0.0/24", "proto", "boot");
        List<String> before = allRoutes();

        SyncReport r = owner(() -> syncer.setDesired(List.of(KernelRoute.unicast("100.80.0.0/24", "100.64.0.2"))));

        assertThat(r.failures()).singleElement().extracting(f -> f.errno()).isEqualTo(Errno.EEXIST);
        assertThat(syncer.excluded().get(Prefix.parse("100.80.0.0/24"))).contains("EEXIST");
        owner(syncer::sweepStale);
        owner(syncer::cleanup);
        assertThat(allRoutes()).isEqualTo(before);
    }

    @Test
    void routeDeletedByHandComesBackAndOneChangedByHandIsRestored() throws Exception {
        startMonitor();
        owner(() -> syncer.setDesired(List.of(KernelRoute.unicast("100.80.0.0/24", "100.64.0.2"),
                KernelRoute.unicast("fd00:64:80::/48", "fd00:64::2"))));
        Thread.sleep(300);
        assertThat(seen).as("our own changes are not reported back to us").isEmpty();

        ns.ip("route", "del", "100.80.0.0/24", "proto", "bgp");
        ns.ip("-6", "route", "replace", "fd00:64:80::/48", "via", "fd00:64:1::2", "proto", "bgp");

        eventually(() -> assertThat(bgpRoutes()).containsExactlyInAnyOrder(
                "100.80.0.0/24 via 100.64.0.2 dev fa0",
                "fd00:64:80::/48 via fd00:64::2 dev fa0 metric 1024"));
        assertThat(seen).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void restartAdoptsOldRoutesAndSweepsThemLater() {
        owner(() -> syncer.setDesired(List.of(KernelRoute.unicast("100.80.0.0/24", "100.64.0.2"),
                KernelRoute.unicast("100.80.1.0/24", "100.64.0.2"), KernelRoute.blackhole("100.96.0.0/26"))));
        ns.call(() -> {
            table.close(); // the agent stops: no cleanup, routes stay
            return null;
        });
        assertThat(bgpRoutes()).hasSize(3);

        table = ns.call(NetlinkRouteTable::open);
        RouteSyncer next = new RouteSyncer(table);
        owner(() -> {
            next.start();
            return null;
        });
        assertThat(next.stale()).hasSize(3);

        SyncReport r = owner(() -> next.setDesired(List.of(KernelRoute.unicast("100.80.0.0/24", "100.64.0.2"))));
        assertThat(r).as("the adopted route is already right").isEqualTo(SyncReport.empty());
        assertThat(bgpRoutes()).hasSize(3);

        SyncReport swept = owner(next::sweepStale);
        assertThat(swept.deleted()).isEqualTo(2);
        assertThat(bgpRoutes()).containsExactly("100.80.0.0/24 via 100.64.0.2 dev fa0");
    }

    @Test
    void kernelErrorsNameTheRouteAndTheErrno() {
        KernelRoute unreachable = KernelRoute.unicast("100.80.0.0/24", "100.99.0.1");
        KernelRoute ok = KernelRoute.unicast(Prefix.parse("100.80.1.0/24"), NextHop.via("100.64.0.2", ns.ifindex("fa0")));
        BatchResult result = owner(() -> table.apply(List.of(
                new RouteOp.Add(unreachable), new RouteOp.Add(ok), new RouteOp.Add(ok),
                new RouteOp.Delete(KernelRoute.unicast("100.80.2.0/24", "100.64.0.2")))));

        assertThat(result.succeeded()).isEqualTo(1);
        assertThat(result.failures()).extracting(f -> f.errno().name()).containsExactly("ENETUNREACH", "EEXIST", "ESRCH");
        assertThat(result.failures().getFirst().message())
                .startsWith("add 100.80.0.0/24 via 100.99.0.1 proto bgp: ENETUNREACH (Network is unreachable)");
        assertThat(result.failures().getFirst().op().route()).isEqualTo(unreachable);
    }

    @Test
    void errorsAreMatchedBySequenceNumberWithoutPerRequestAcks() {
        NetlinkRouteTable errorsOnly = ns.call(() -> NetlinkRouteTable.open(
                new NetlinkRouteTable.Options(3, 1 << 20, false)));
        try {
            List<RouteOp> ops = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ops.add(new RouteOp.Add(KernelRoute.unicast("100.80." + i + ".0/24", i % 4 == 1 ? "100.99.0.1" : "100.64.0.2")));
            }
            BatchResult result = ns.call(() -> errorsOnly.apply(ops));

            assertThat(result.succeeded()).isEqualTo(7);
            assertThat(result.failures()).extracting(f -> f.op().route().destination().toString())
                    .containsExactly("100.80.1.0/24", "100.80.5.0/24", "100.80.9.0/24");
            assertThat(result.failures()).allSatisfy(f -> assertThat(f.errno()).isEqualTo(Errno.ENETUNREACH));
            assertThat(bgpRoutes()).hasSize(7);
        } finally {
            ns.call(() -> {
                errorsOnly.close();
                return null;
            });
        }
    }

    @Test
    void unresolvableNextHopIsKeptOutWithAReason() {
        owner(() -> syncer.setDesired(List.of(KernelRoute.unicast("100.80.0.0/24", "100.99.0.1"))));

        assertThat(bgpRoutes()).isEmpty();
        assertThat(syncer.excluded().get(Prefix.parse("100.80.0.0/24")))
                .contains("next hop 100.99.0.1 unreachable").contains("ENETUNREACH");
    }

    @Test
    void nextHopBehindARouterIsResolvedThroughTheKernelTableAndFollowsIt() throws Exception {
        ns.ip("route", "add", "100.70.0.0/16", "via", "100.64.1.2", "proto", "static");

        owner(() -> syncer.setDesired(List.of(KernelRoute.unicast("100.80.0.0/24", "100.70.0.9"))));

        assertThat(bgpRoutes()).containsExactly("100.80.0.0/24 via 100.64.1.2 dev fa1");
        assertThat(syncer.excluded()).isEmpty();

        startMonitor();
        ns.ip("route", "replace", "100.70.0.0/16", "via", "100.64.0.2", "proto", "static");
        eventually(() -> assertThat(bgpRoutes()).containsExactly("100.80.0.0/24 via 100.64.0.2 dev fa0"));
    }

    @Test
    void realEnobufsOnTheMonitorTriggersAResync() throws Exception {
        owner(() -> syncer.setDesired(List.of(KernelRoute.unicast("100.80.0.0/24", "100.64.0.2"))));
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        monitor = ns.call(() -> table.openMonitor(e -> {
            seen.add(e);
            if (stalled.getCount() > 0) {
                stalled.countDown();
                try {
                    release.await(); // the reader stops reading: notifications pile up
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
            ns.execute(() -> syncer.onKernelEvent(e));
        }, 4096));
        Path batch = Files.createTempFile("fnk", ".batch");
        try {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 2000; i++) {
                b.append("route add 100.90.").append(i / 256).append('.').append(i % 256)
                        .append("/32 via 100.64.0.2 proto bgp\n");
            }
            Files.writeString(batch, b);
            ns.ip("route", "del", "100.80.0.0/24", "proto", "bgp");
            assertThat(stalled.await(5, TimeUnit.SECONDS)).isTrue();
            ns.ip("-batch", batch.toString()); // someone else floods routes of our protocol
            release.countDown();

            eventually(() -> assertThat(seen).contains(new RouteEvent.Overrun()));
            eventually(() -> assertThat(bgpRoutes()).containsExactly("100.80.0.0/24 via 100.64.0.2 dev fa0"));
        } finally {
            release.countDown();
            Files.delete(batch);
        }
    }

    @Test
    void monitorOverrunResyncs() {
        owner(() -> syncer.setDesired(List.of(KernelRoute.unicast("100.80.0.0/24", "100.64.0.2"))));
        ns.ip("route", "del", "100.80.0.0/24", "proto", "bgp"); // no monitor running: the event is lost

        ns.call(() -> {
            syncer.onKernelEvent(new RouteEvent.Overrun());
            return null;
        });

        assertThat(bgpRoutes()).containsExactly("100.80.0.0/24 via 100.64.0.2 dev fa0");
    }
}
