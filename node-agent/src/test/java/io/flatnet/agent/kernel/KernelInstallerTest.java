package io.flatnet.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.model.route.AsPath;
import io.flatnet.bgp.model.route.RouteAttributes;
import io.flatnet.bgp.model.route.RouteOrigin;
import io.flatnet.bgp.rib.BestPathChange;
import io.flatnet.bgp.rib.BestPathReason;
import io.flatnet.bgp.rib.BestPathResult;
import io.flatnet.bgp.rib.Path;
import io.flatnet.bgp.rib.RouteSource;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.PeerStateChange;
import io.flatnet.kernel.InMemoryRouteTable;
import io.flatnet.kernel.KernelRoute;
import io.flatnet.kernel.NextHop;
import io.flatnet.kernel.Prefix;
import io.flatnet.kernel.RouteKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The installer against the in-memory kernel table: best-path changes become multipath routes,
 * the node's blocks become blackholes, service ranges keep learned routes out, adopted routes
 * wait for End-of-RIB or the restart time, and only a decommission removes routes.
 */
class KernelInstallerTest {
    static final IpAddress PEER_A = IpAddress.parse("100.64.0.2");
    static final IpAddress PEER_B = IpAddress.parse("100.64.1.2");
    static final RouteSource A = RouteSource.ebgp(PEER_A, RouterId.parse("10.0.0.2"), Asn.of(64513));
    static final RouteSource B = RouteSource.ebgp(PEER_B, RouterId.parse("10.0.1.2"), Asn.of(64514));
    static final RouteSource LOCAL = RouteSource.local(RouterId.parse("10.0.0.1"), Asn.of(64512));
    static final LocalRanges RANGES = new LocalRanges(
            List.of(IpPrefix.parse("100.96.1.0/24"), IpPrefix.parse("100.100.0.0/16")),
            Map.of(IpPrefix.parse("100.100.0.0/16"), "serviceClusterIPs"));

    private final InMemoryRouteTable table = new InMemoryRouteTable()
            .connect("100.64.0.0/24", 3).connect("100.64.1.0/24", 4).connect("fd00:64::/64", 3);
    private final Map<IpPrefix, BestPathResult> rib = new HashMap<>();
    private final FakeSessions sessions = new FakeSessions();
    private KernelInstaller installer;

    @AfterEach
    void close() {
        if (installer != null) {
            installer.close();
        }
    }

    private KernelInstaller start(Duration restartTime) {
        return start(KernelOptions.DEFAULT.withRestartTime(restartTime));
    }

    private KernelInstaller start(KernelOptions options) {
        installer = KernelInstaller.start(options, () -> table);
        installer.attach(sessions);
        return installer;
    }

    private KernelInstaller start() {
        return start(KernelOptions.DEFAULT_RESTART_TIME);
    }

    private static Path path(String prefix, RouteSource source, String nextHop) {
        return Path.of(IpPrefix.parse(prefix), 0,
                RouteAttributes.of(RouteOrigin.IGP, AsPath.EMPTY, IpAddress.parse(nextHop)), source, true);
    }

    /** Sets the prefix's best path and ECMP set as the RIB would, and tells the installer. */
    private void best(String prefix, Path... ecmp) {
        IpPrefix p = IpPrefix.parse(prefix);
        BestPathResult next = ecmp.length == 0 ? BestPathResult.NONE
                : new BestPathResult(Optional.of(ecmp[0]), BestPathReason.ONLY_PATH, List.of(ecmp));
        BestPathResult previous = rib.getOrDefault(p, BestPathResult.NONE);
        rib.put(p, next);
        installer.bestPathChanged(new BestPathChange(p, previous, next));
    }

    private List<String> ours() {
        installer.flush();
        List<String> out = new ArrayList<>();
        for (KernelRoute r : table.all()) {
            if (r.protocol() == KernelRoute.PROTO_BGP) {
                out.add(r.toString());
            }
        }
        out.sort(null);
        return out;
    }

    private KernelInstaller.Snapshot snapshot() {
        return installer.snapshot().join();
    }

    @Test
    void statusSaysWhereEachPrefixStandsInTheKernel() {
        start();
        installer.setLocalRanges(RANGES);
        best("100.65.0.0/24", path("100.65.0.0/24", A, "100.64.0.2"), path("100.65.0.0/24", B, "100.64.1.2"));
        best("100.100.5.0/24", path("100.100.5.0/24", A, "100.64.0.2"));
        best("100.66.0.0/24", path("100.66.0.0/24", A, "fe80::1"));
        installer.flush();
        Map<IpPrefix, PrefixStatus> status = installer.status(List.of(IpPrefix.parse("100.65.0.0/24"),
                IpPrefix.parse("100.100.5.0/24"), IpPrefix.parse("100.66.0.0/24"), IpPrefix.parse("100.96.1.0/24"),
                IpPrefix.parse("100.67.0.0/24"))).join();
        assertThat(status.get(IpPrefix.parse("100.65.0.0/24")))
                .isEqualTo(new PrefixStatus.Installed(List.of("100.64.0.2", "100.64.1.2")));
        assertThat(status.get(IpPrefix.parse("100.100.5.0/24"))).isInstanceOfSatisfying(PrefixStatus.Excluded.class,
                e -> assertThat(e.reason()).startsWith("inside the service range 100.100.0.0/16 (serviceClusterIPs)"));
        assertThat(status.get(IpPrefix.parse("100.66.0.0/24"))).isInstanceOfSatisfying(PrefixStatus.Excluded.class,
                e -> assertThat(e.reason()).contains("fe80::1"));
        assertThat(status.get(IpPrefix.parse("100.96.1.0/24"))).isEqualTo(new PrefixStatus.Blackhole());
        assertThat(status.get(IpPrefix.parse("100.67.0.0/24"))).isEqualTo(new PrefixStatus.Absent());
    }

    @Test
    void aLearnedBestPathIsInstalledAndAWithdrawalRemovesIt() {
        start();
        best("100.80.0.0/24", path("100.80.0.0/24", A, "100.64.0.2"));
        assertThat(ours()).containsExactly("100.80.0.0/24 via 100.64.0.2 dev #3 proto bgp");

        best("100.80.0.0/24", path("100.80.0.0/24", B, "100.64.1.2"));
        assertThat(ours()).containsExactly("100.80.0.0/24 via 100.64.1.2 dev #4 proto bgp");

        best("100.80.0.0/24");
        assertThat(ours()).isEmpty();
        assertThat(snapshot().added()).isEqualTo(1);
        assertThat(snapshot().replaced()).isEqualTo(1);
        assertThat(snapshot().deleted()).isEqualTo(1);
    }

    @Test
    void theEcmpSetIsOneMultipathRoute() {
        start();
        best("100.80.0.0/24", path("100.80.0.0/24", A, "100.64.0.2"), path("100.80.0.0/24", B, "100.64.1.2"));
        assertThat(ours()).containsExactly("100.80.0.0/24 via 100.64.0.2 dev #3, via 100.64.1.2 dev #4 proto bgp");

        best("100.80.0.0/24", path("100.80.0.0/24", B, "100.64.1.2"));
        assertThat(ours()).containsExactly("100.80.0.0/24 via 100.64.1.2 dev #4 proto bgp");
    }

    @Test
    void ipv6RoutesGoViaTheirGlobalNextHopAndLinkLocalOnlyNextHopsAreKeptOutWithAReason() {
        start();
        RouteSource v6 = RouteSource.ebgp(IpAddress.parse("fd00:64::2"), RouterId.parse("10.0.0.2"), Asn.of(64513));
        best("fd00:64:80::/48", path("fd00:64:80::/48", v6, "fd00:64::2"));
        best("fd00:64:81::/48", path("fd00:64:81::/48", v6, "fe80::2"));
        assertThat(ours()).containsExactly("fd00:64:80::/48 via fd00:64::2 dev #3 proto bgp metric 1024");
        assertThat(snapshot().excluded()).containsExactly(new KernelInstaller.Excluded("fd00:64:81::/48",
                "IPv6 link-local next hop fe80::2 needs the session's interface, which is not known"));
    }

    @Test
    void locallyOriginatedBestPathsInstallNothing() {
        start();
        best("100.96.1.0/24", path("100.96.1.0/24", LOCAL, "0.0.0.0"));
        assertThat(ours()).isEmpty();
        assertThat(snapshot().excluded()).isEmpty();
    }

    @Test
    void theNodesBlocksAreBlackholesAndLearnedRoutesInServiceRangesStayOut() {
        start();
        installer.setLocalRanges(RANGES);
        best("100.100.7.0/24", path("100.100.7.0/24", A, "100.64.0.2"));
        best("100.96.1.0/24", path("100.96.1.0/24", A, "100.64.0.2"));
        best("100.80.0.0/24", path("100.80.0.0/24", A, "100.64.0.2"));
        assertThat(ours()).containsExactly("100.80.0.0/24 via 100.64.0.2 dev #3 proto bgp",
                "blackhole 100.100.0.0/16 proto bgp", "blackhole 100.96.1.0/24 proto bgp");
        assertThat(snapshot().excluded()).containsExactly(
                new KernelInstaller.Excluded("100.96.1.0/24", "this node's own block 100.96.1.0/24 is a blackhole here"),
                new KernelInstaller.Excluded("100.100.7.0/24", "inside the service range 100.100.0.0/16"
                        + " (serviceClusterIPs): kube-proxy on this node handles Service addresses"));
        assertThat(snapshot().blackholes()).isEqualTo(2);

        // Withdrawing a learned route on a blackhole's key leaves the blackhole.
        best("100.96.1.0/24");
        assertThat(ours()).contains("blackhole 100.96.1.0/24 proto bgp");

        // A reload that drops the service range lets the learned route in.
        installer.setLocalRanges(new LocalRanges(List.of(IpPrefix.parse("100.96.1.0/24")), Map.of()));
        assertThat(ours()).containsExactly("100.100.7.0/24 via 100.64.0.2 dev #3 proto bgp",
                "100.80.0.0/24 via 100.64.0.2 dev #3 proto bgp", "blackhole 100.96.1.0/24 proto bgp");
        assertThat(snapshot().excluded()).isEmpty();
    }

    @Test
    void aNextHopTheKernelCannotReachIsExcludedWithTheSyncersReason() {
        start();
        best("100.80.0.0/24", path("100.80.0.0/24", A, "100.65.9.9"));
        assertThat(ours()).isEmpty();
        assertThat(snapshot().excluded()).singleElement()
                .satisfies(e -> assertThat(e.prefix()).isEqualTo("100.80.0.0/24"));
    }

    @Test
    void manyChangesAreCoalescedIntoFewKernelRequests() {
        start(KernelOptions.DEFAULT.withFlushDelay(Duration.ofSeconds(1)));
        for (int i = 0; i < 50; i++) {
            best("100.80.0.0/24", path("100.80.0.0/24", i % 2 == 0 ? A : B, i % 2 == 0 ? "100.64.0.2" : "100.64.1.2"));
        }
        best("100.80.0.0/24", path("100.80.0.0/24", A, "100.64.0.2"));
        assertThat(ours()).containsExactly("100.80.0.0/24 via 100.64.0.2 dev #3 proto bgp");
        assertThat(table.requests()).isLessThan(10);
    }

    @Test
    void routesOfOtherProtocolsAreLeftAlone() {
        KernelRoute staticRoute = KernelRoute.unicast("100.80.0.0/24", "100.64.1.2").withProtocol(4);
        table.addForeign(staticRoute);
        start();
        best("100.80.0.0/24", path("100.80.0.0/24", A, "100.64.0.2"));
        installer.flush();
        assertThat(table.get(staticRoute.key())).contains(staticRoute);
        assertThat(snapshot().excluded()).singleElement().satisfies(e -> assertThat(e.reason()).contains("EEXIST"));
    }

    @Test
    void adoptedRoutesMakeARestartingSpeakerAndAreSweptOnceEveryGracefulPeerSentEndOfRib() {
        table.addForeign(KernelRoute.unicast("100.80.0.0/24", "100.64.0.2"));
        table.addForeign(KernelRoute.unicast("100.81.0.0/24", "100.64.0.2"));
        start();
        assertThat(installer.restarting()).isTrue();
        assertThat(installer.adopted()).isEqualTo(2);
        installer.setPeers(Set.of(peer(PEER_A, true), peer(PEER_B, true), peer(IpAddress.parse("100.64.2.2"), false)));

        sessions.up(PEER_A, AddressFamily.IPV4_UNICAST);
        best("100.80.0.0/24", path("100.80.0.0/24", A, "100.64.0.2"));
        installer.endOfRib(PEER_A, AddressFamily.IPV4_UNICAST);
        assertThat(ours()).hasSize(2);
        assertThat(snapshot().stale()).isEqualTo(1);
        assertThat(snapshot().restart()).startsWith("adopted 2 route(s) at start");

        // B is awaited (graceful restart configured); the peer without it is not.
        sessions.up(PEER_B, AddressFamily.IPV4_UNICAST);
        installer.endOfRib(PEER_B, AddressFamily.IPV4_UNICAST);
        assertThat(ours()).containsExactly("100.80.0.0/24 via 100.64.0.2 dev #3 proto bgp");
        assertThat(snapshot().stale()).isZero();
        assertThat(snapshot().restart()).contains("End-of-RIB from every awaited peer (2)", "swept 1 of the 2");
    }

    @Test
    void withListenRangesAndNoConfiguredPeerAdoptedRoutesWaitForTheDynamicPeersEndOfRib() {
        table.addForeign(KernelRoute.unicast("100.80.0.0/24", "100.64.0.2"));
        table.addForeign(KernelRoute.unicast("100.81.0.0/24", "100.64.0.2"));
        start();
        installer.setPeers(Set.of(), true); // only --listen-range: no configured peer is not "done"
        installer.flush();
        assertThat(snapshot().stale()).as("not swept at once").isEqualTo(2);

        // A dynamic peer comes up and re-sends one of the two routes; its End-of-RIB ends the restart.
        sessions.up(PEER_A, AddressFamily.IPV4_UNICAST);
        installer.stateChanged(new PeerStateChange(PEER_A, SessionState.OPEN_CONFIRM, SessionState.ESTABLISHED,
                "test", java.time.Instant.EPOCH));
        best("100.80.0.0/24", path("100.80.0.0/24", A, "100.64.0.2"));
        installer.flush();
        assertThat(snapshot().stale()).isEqualTo(1);
        installer.endOfRib(PEER_A, AddressFamily.IPV4_UNICAST);
        assertThat(ours()).containsExactly("100.80.0.0/24 via 100.64.0.2 dev #3 proto bgp");
        assertThat(snapshot().stale()).isZero();
        assertThat(snapshot().restart()).contains("every dynamic peer up (1)");
    }

    @Test
    void withoutListenRangesNoConfiguredPeerEndsTheRestartAtOnce() {
        table.addForeign(KernelRoute.unicast("100.80.0.0/24", "100.64.0.2"));
        start();
        installer.setPeers(Set.of(), false);
        installer.flush();
        assertThat(snapshot().stale()).isZero();
    }

    @Test
    void everyNegotiatedFamilyOwesItsEndOfRib() {
        table.addForeign(KernelRoute.unicast("100.81.0.0/24", "100.64.0.2"));
        start();
        installer.setPeers(Set.of(peer(PEER_A, true)));
        sessions.up(PEER_A, AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
        installer.endOfRib(PEER_A, AddressFamily.IPV4_UNICAST);
        installer.flush();
        assertThat(snapshot().stale()).isEqualTo(1); // IPv6 End-of-RIB still owed
        installer.endOfRib(PEER_A, AddressFamily.IPV6_UNICAST);
        installer.flush();
        assertThat(snapshot().stale()).isZero();
    }

    @Test
    void adoptedRoutesAreSweptWhenTheRestartTimeRunsOut() throws InterruptedException {
        table.addForeign(KernelRoute.unicast("100.81.0.0/24", "100.64.0.2"));
        start(Duration.ofMillis(300));
        installer.setPeers(Set.of(peer(PEER_A, true)));
        installer.flush();
        assertThat(snapshot().stale()).isEqualTo(1);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (snapshot().stale() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ours()).isEmpty();
        assertThat(snapshot().restart()).contains("the restart time of 300 ms ran out");
    }

    @Test
    void theRestartTimeCountsFromTheSpeakersStartNotFromOpeningTheTable() throws InterruptedException {
        table.addForeign(KernelRoute.unicast("100.81.0.0/24", "100.64.0.2"));
        installer = KernelInstaller.start(KernelOptions.DEFAULT.withRestartTime(Duration.ofMillis(100)), () -> table);
        Thread.sleep(400); // e.g. the Kubernetes API is not answering yet: no speaker, no sweep
        assertThat(snapshot().stale()).isEqualTo(1);
        installer.attach(sessions);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (snapshot().stale() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ours()).isEmpty();
    }

    @Test
    void withoutAdoptedRoutesTheSpeakerStartsNormally() {
        table.addForeign(KernelRoute.unicast("100.81.0.0/24", "100.64.0.2").withProtocol(4));
        start();
        assertThat(installer.restarting()).isFalse();
    }

    @Test
    void closingLeavesTheRoutesAndDecommissionRemovesThem() {
        start();
        installer.setLocalRanges(RANGES);
        best("100.80.0.0/24", path("100.80.0.0/24", A, "100.64.0.2"));
        assertThat(ours()).hasSize(3);
        installer.close();
        assertThat(table.all()).hasSize(3);

        // The next run adopts them, and a decommission removes every one, learned and blackhole.
        start();
        assertThat(installer.adopted()).isEqualTo(3);
        best("100.80.0.0/24", path("100.80.0.0/24", A, "100.64.0.2"));
        installer.decommission();
        assertThat(table.all()).isEmpty();
        // Nothing comes back after a decommission.
        best("100.82.0.0/24", path("100.82.0.0/24", A, "100.64.0.2"));
        installer.flush();
        assertThat(table.all()).isEmpty();
    }

    @Test
    void aRouteDeletedByHandComesBack() {
        start();
        best("100.80.0.0/24", path("100.80.0.0/24", A, "100.64.0.2"));
        installer.flush();
        RouteKey key = new RouteKey(Prefix.parse("100.80.0.0/24"), KernelRoute.MAIN_TABLE, 0);
        table.deleteByHand(key);
        table.drainEvents().forEach(installer::onKernelEvent);
        assertThat(ours()).containsExactly("100.80.0.0/24 via 100.64.0.2 dev #3 proto bgp");
        table.replaceByHand(KernelRoute.unicast(Prefix.parse("100.80.0.0/24"), NextHop.via("100.64.1.2", 4)));
        table.drainEvents().forEach(installer::onKernelEvent);
        assertThat(ours()).containsExactly("100.80.0.0/24 via 100.64.0.2 dev #3 proto bgp");
    }

    @Test
    void localRangesFollowTheNodeView() {
        assertThat(LocalRanges.NONE.serviceRangeOf(IpPrefix.parse("10.0.0.0/8"))).isEmpty();
        assertThat(RANGES.serviceRangeOf(IpPrefix.parse("100.100.3.0/24"))).get()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("serviceClusterIPs"));
    }

    private static PeerConfig peer(IpAddress address, boolean graceful) {
        PeerConfig.Builder b = PeerConfig.builder(address, Asn.of(64513));
        if (graceful) {
            b.gracefulRestartTime(Duration.ofSeconds(120));
        }
        return b.build();
    }

    /** Sessions as the test sets them. */
    static final class FakeSessions implements KernelInstaller.Sessions {
        final Map<IpAddress, Set<AddressFamily>> up = new ConcurrentHashMap<>();

        void up(IpAddress peer, AddressFamily... families) {
            up.put(peer, Set.of(families));
        }

        @Override
        public Optional<Set<AddressFamily>> establishedFamilies(IpAddress peer) {
            return Optional.ofNullable(up.get(peer));
        }
    }
}
