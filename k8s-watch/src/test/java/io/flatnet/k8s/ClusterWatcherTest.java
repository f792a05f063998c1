package io.flatnet.k8s;

import static io.flatnet.k8s.FakeKubeApiServer.CONFIGS;
import static io.flatnet.k8s.FakeKubeApiServer.FILTERS;
import static io.flatnet.k8s.FakeKubeApiServer.NODES;
import static io.flatnet.k8s.FakeKubeApiServer.SERVICES;
import static io.flatnet.k8s.FakeKubeApiServer.SLICES;
import static io.flatnet.k8s.FakeKubeApiServer.WATCHED;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.IpPrefix;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real client-java informers against {@link FakeKubeApiServer} over HTTP. */
class ClusterWatcherTest {
    private static final ServiceAdvertisements.Ranges RANGES = new ServiceAdvertisements.Ranges(
            List.of(IpPrefix.parse("10.96.0.0/12")), List.of(), List.of(IpPrefix.parse("203.0.113.0/24")));
    private static final IpPrefix INGRESS_LB = IpPrefix.parse("203.0.113.10/32");

    private FakeKubeApiServer api;
    private ClusterWatcher watcher;
    private final List<ClusterSnapshot> snapshots = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        api = new FakeKubeApiServer();
        Fixtures.cluster(api);
    }

    @AfterEach
    void tearDown() {
        if (watcher != null) {
            watcher.close();
        }
        api.close();
    }

    private void startWatcher() {
        ApiClient client = new ClientBuilder().setBasePath(api.url()).setReadTimeout(Duration.ZERO).build();
        WatchOptions options = new WatchOptions("flatnet", Duration.ofMinutes(10), Duration.ofMillis(50),
                Duration.ofMillis(200), Duration.ofSeconds(1));
        watcher = new ClusterWatcher(client, options, snapshots::add);
        watcher.start();
    }

    private ClusterSnapshot awaitSnapshot(Predicate<ClusterSnapshot> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!snapshots.isEmpty() && condition.test(snapshots.getLast())) {
                return snapshots.getLast();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching snapshot within 20 s; last: "
                + (snapshots.isEmpty() ? "none" : snapshots.getLast()));
    }

    private static boolean complete(ClusterSnapshot s) {
        return s.nodes().size() >= 3 && s.services().size() >= 2 && !s.endpointSlices().isEmpty()
                && !s.bgpConfigurations().isEmpty() && !s.bgpPeers().isEmpty() && !s.bgpFilters().isEmpty();
    }

    private static java.util.Set<String> advertisers(ClusterSnapshot s, IpPrefix prefix) {
        return ServiceAdvertisements.advertisers(s, prefix, RANGES);
    }

    @Test
    void theFirstSnapshotAfterSyncHoldsEverything() throws Exception {
        startWatcher();
        ClusterSnapshot s = awaitSnapshot(ClusterWatcherTest::complete);

        assertThat(snapshots).hasSize(1); // the first snapshot is already complete
        assertThat(s.nodes()).extracting(NodeInfo::name).containsExactly("node-1", "node-2", "node-3");
        NodeInfo n1 = s.node("node-1").orElseThrow();
        assertThat(n1.podCIDRs()).containsExactly("10.244.1.0/24");
        assertThat(n1.internalIPs()).containsExactly("192.168.10.11");
        assertThat(n1.labels()).containsEntry("rack", "r1");
        assertThat(s.node("node-3").orElseThrow().excludedFromExternalLoadBalancers()).isTrue();
        ServiceInfo ingress = s.service("default", "ingress").orElseThrow();
        assertThat(ingress.loadBalancerIPs()).containsExactly("203.0.113.10");
        assertThat(ingress.localTrafficOnly()).isTrue();
        assertThat(s.service("default", "web").orElseThrow().clusterIPs()).containsExactly("10.96.0.10");
        assertThat(s.readyEndpointNodes("default/ingress")).containsExactly("node-1");
        assertThat(s.bgpConfigurations().getFirst().spec().path("asNumber").asInt()).isEqualTo(64512);
        assertThat(s.bgpPeers().getFirst().spec().path("peerIP").asText()).isEqualTo("192.168.10.1");
        assertThat(s.bgpFilters()).extracting(FlatnetObject::name).containsExactly("tor-out");
        assertThat(s.secrets().get("bgp-passwords").get("tor")).contains("s3cret");
        assertThat(s.secrets().toString()).doesNotContain("s3cret");
        assertThat(watcher.synced()).isTrue();
        // only the named secret was listed and watched, by name, in the flatnet namespace
        assertThat(api.requests).filteredOn(r -> r.contains("secrets")).isNotEmpty()
                .allMatch(r -> r.startsWith("GET " + FakeKubeApiServer.FLATNET_SECRETS + "?")
                        && r.contains("fieldSelector=metadata.name%3Dbgp-passwords"), "a list or watch of bgp-passwords");
    }

    @Test
    void namedSecretsAreWatchedOneByOneAndTheirEditsArriveWithoutPolling() throws Exception {
        startWatcher();
        awaitSnapshot(ClusterWatcherTest::complete);
        awaitRequest(FakeKubeApiServer.FLATNET_SECRETS, "watch=true");

        // the password changes: the watch delivers it
        api.put(FakeKubeApiServer.SECRETS, Fixtures.secret("flatnet", "bgp-passwords", "tor", "n3w"));
        awaitSnapshot(s -> s.secrets().get("bgp-passwords").get("tor").equals(java.util.Optional.of("n3w")));
        // a Secret of the same name elsewhere and an unnamed one in our namespace are not seen
        int before = snapshots.size();
        api.put(FakeKubeApiServer.SECRETS, Fixtures.secret("other", "bgp-passwords", "tor", "elsewhere"));
        api.put(FakeKubeApiServer.SECRETS, Fixtures.secret("flatnet", "unrelated", "k", "v"));
        Thread.sleep(500);
        assertThat(snapshots).hasSize(before);

        // a peer names a second Secret: its own watch starts, and the snapshot waits for its list
        api.put(FakeKubeApiServer.SECRETS, Fixtures.secret("flatnet", "rr-passwords", "rr", "rr-key"));
        api.put(FakeKubeApiServer.PEERS, Fixtures.flatnet("rr", """
                {"peerIP": "192.168.10.2", "asNumber": 64512,
                 "password": {"secretKeyRef": {"name": "rr-passwords", "key": "rr"}}}"""));
        ClusterSnapshot two = awaitSnapshot(s -> s.bgpPeers().size() == 2);
        assertThat(two.secrets().get("rr-passwords").get("rr")).contains("rr-key");
        assertThat(snapshots).noneMatch(s -> s.bgpPeers().size() == 2 && !s.secrets().containsKey("rr-passwords"));

        // no longer named: no longer in the snapshot
        api.delete(FakeKubeApiServer.PEERS, "rr");
        ClusterSnapshot one = awaitSnapshot(s -> s.bgpPeers().size() == 1);
        assertThat(one.secrets()).containsOnlyKeys("bgp-passwords");
        assertThat(api.requests).filteredOn(r -> r.contains("secrets"))
                .allMatch(r -> r.startsWith("GET " + FakeKubeApiServer.FLATNET_SECRETS + "?fieldSelector=metadata.name"));
    }

    @Test
    void aSecretRbacDoesNotNameIsAbsentAndHoldsNothingBack() throws Exception {
        api.forbidSecret("bgp-passwords");
        startWatcher();
        ClusterSnapshot s = awaitSnapshot(ClusterWatcherTest::complete);
        assertThat(s.secrets()).as("refused by the API server: absent, so the peer's password is refused by name")
                .isEmpty();
        api.put(NODES, Fixtures.node("node-4", "10.244.4.0/24", "192.168.10.14", Map.of()));
        awaitSnapshot(x -> x.nodes().size() == 4);
    }

    private void awaitRequest(String path, String queryPart) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (api.count("GET", path, queryPart) == 0) {
            assertThat(System.nanoTime()).as("a request to " + path).isLessThan(deadline);
            Thread.sleep(20);
        }
        Thread.sleep(200);
    }

    @Test
    void nothingIsHandedOverBeforeEveryInformerHasSynced() throws Exception {
        api.holdLists(FILTERS);
        startWatcher();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (api.lists(NODES) == 0 || api.lists(FILTERS) == 0) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
        Thread.sleep(1500); // five informers synced long ago; the sixth is still listing
        assertThat(watcher.synced()).isFalse();
        assertThat(snapshots).isEmpty();

        api.releaseLists(FILTERS);
        ClusterSnapshot s = awaitSnapshot(ClusterWatcherTest::complete);
        assertThat(snapshots).hasSize(1);
        assertThat(s.bgpFilters()).hasSize(1);
    }

    @Test
    void changesMakeNewSnapshotsAndTheLocalServiceRouteFollowsItsEndpoints() throws Exception {
        startWatcher();
        ClusterSnapshot first = awaitSnapshot(ClusterWatcherTest::complete);
        assertThat(advertisers(first, INGRESS_LB)).containsExactly("node-1");

        // podCIDR change
        api.put(NODES, Fixtures.node("node-2", "10.244.20.0/24", "192.168.10.12", Map.of("rack", "r1")));
        awaitSnapshot(s -> s.node("node-2").orElseThrow().podCIDRs().equals(List.of("10.244.20.0/24")));

        // a LoadBalancer IP added to a Cluster-policy service: covered by the range, advertised everywhere but node-3
        api.put(SERVICES, Fixtures.service("default", "web", "LoadBalancer", "10.96.0.10", "Cluster", List.of(),
                List.of("203.0.113.77")));
        ClusterSnapshot withLb = awaitSnapshot(
                s -> s.service("default", "web").orElseThrow().loadBalancerIPs().contains("203.0.113.77"));
        assertThat(ServiceAdvertisements.compute(withLb, "node-2", RANGES)).extracting(r -> r.prefix().toString())
                .contains("203.0.113.0/24").doesNotContain("203.0.113.77/32");

        // the Local service's endpoint moves from node-1 to node-2, then one more is added on node-3 (excluded)
        api.put(SLICES, Fixtures.slice("default", "ingress-abcde", "ingress", Map.of("node-2", true, "node-1", false)));
        ClusterSnapshot moved = awaitSnapshot(s -> s.readyEndpointNodes("default/ingress").equals(java.util.Set.of("node-2")));
        assertThat(advertisers(moved, INGRESS_LB)).containsExactly("node-2");
        assertThat(advertisers(moved, IpPrefix.parse("10.96.0.20/32"))).containsExactly("node-2");

        api.put(SLICES, Fixtures.slice("default", "ingress-abcde", "ingress", Map.of("node-2", true, "node-3", true)));
        ClusterSnapshot both = awaitSnapshot(s -> s.readyEndpointNodes("default/ingress").size() == 2);
        assertThat(advertisers(both, INGRESS_LB)).as("node-3 is excluded from external load balancers")
                .containsExactly("node-2");
        assertThat(advertisers(both, IpPrefix.parse("10.96.0.20/32"))).containsExactly("node-2", "node-3");

        // the endpoint slice is deleted: the /32 goes everywhere
        api.delete(SLICES, "default/ingress-abcde");
        ClusterSnapshot gone = awaitSnapshot(s -> s.endpointSlices().isEmpty());
        assertThat(advertisers(gone, INGRESS_LB)).isEmpty();
    }

    @Test
    void anExpiredWatchRelistsWithoutAnEmptySnapshot() throws Exception {
        startWatcher();
        awaitSnapshot(ClusterWatcherTest::complete);
        Map<String, Long> listsBefore = new java.util.HashMap<>();
        WATCHED.forEach(c -> listsBefore.put(c, api.lists(c)));
        awaitWatches();

        WATCHED.forEach(api::bookmark);
        WATCHED.forEach(api::expireWatches);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (WATCHED.stream().anyMatch(c -> api.lists(c) <= listsBefore.get(c))) {
            assertThat(System.nanoTime()).as("every informer relists after 410").isLessThan(deadline);
            Thread.sleep(20);
        }
        // and the watches work again afterwards
        api.put(NODES, Fixtures.node("node-4", "10.244.4.0/24", "192.168.10.14", Map.of()));
        awaitSnapshot(s -> s.nodes().size() == 4);
        assertThat(snapshots).allMatch(ClusterWatcherTest::complete);
        assertThat(snapshots).hasSize(2);
    }

    @Test
    void theApiServerGoingAwayAndComingBackWithdrawsNothing() throws Exception {
        startWatcher();
        awaitSnapshot(ClusterWatcherTest::complete);
        awaitWatches();

        api.stop();
        Thread.sleep(3000); // reflectors fail, back off and retry
        assertThat(snapshots).hasSize(1);
        assertThat(watcher.synced()).as("the caches stay synced while the API server is away").isTrue();

        // changed while the agent could not see it
        api.put(CONFIGS, Fixtures.flatnet("default", """
                {"asNumber": 64513, "serviceClusterIPs": [{"cidr": "10.96.0.0/12"}]}"""));
        api.restart();
        ClusterSnapshot after = awaitSnapshot(s -> s.bgpConfigurations().getFirst().spec().path("asNumber").asInt() == 64513);
        assertThat(snapshots).allMatch(ClusterWatcherTest::complete);
        assertThat(after.nodes()).hasSize(3);
        assertThat(snapshots).hasSize(2);
    }

    private void awaitWatches() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (WATCHED.stream().anyMatch(c -> api.count("GET", c, "watch=true") == 0)) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
        Thread.sleep(200);
    }
}
