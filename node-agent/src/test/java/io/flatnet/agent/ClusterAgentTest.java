package io.flatnet.agent;

import static io.flatnet.k8s.FakeKubeApiServer.CONFIGS;
import static io.flatnet.k8s.FakeKubeApiServer.NODES;
import static io.flatnet.k8s.FakeKubeApiServer.PEERS;
import static io.flatnet.k8s.FakeKubeApiServer.SERVICES;
import static io.flatnet.k8s.FakeKubeApiServer.SLICES;
import static io.flatnet.k8s.FakeKubeApiServer.WATCHED;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.agent.api.ApiServer;
import io.flatnet.agent.k8s.KubernetesMode;
import io.flatnet.agent.kernel.KernelInstaller;
import io.flatnet.agent.kernel.KernelOptions;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.SpeakerConfig;
import io.flatnet.k8s.ClusterWatcher;
import io.flatnet.k8s.FakeKubeApiServer;
import io.flatnet.k8s.Fixtures;
import io.flatnet.k8s.WatchOptions;
import io.flatnet.kernel.InMemoryRouteTable;
import io.flatnet.kernel.KernelRoute;
import io.kubernetes.client.util.ClientBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's Kubernetes mode end to end in one JVM, over real HTTP and real BGP: the informers
 * against {@link FakeKubeApiServer}, the reconciler and speaker as {@code flatnet --kubernetes}
 * wires them ({@link FlatnetMain#kubernetesMode}), and two in-process "top-of-rack" speakers
 * (127.0.0.2, 127.0.0.3) that the cluster's BGPPeers name. What the ToRs receive is what the
 * cluster state says, and a change touches only what it changes.
 */
class ClusterAgentTest {
    private static final IpAddress NODE_1 = IpAddress.parse("127.0.0.11");
    private static final IpAddress TOR_A = IpAddress.parse("127.0.0.2");
    private static final IpAddress TOR_B = IpAddress.parse("127.0.0.3");
    private static final Asn CLUSTER_AS = Asn.of(64512);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String LB_HOST = "203.0.113.10/32";

    private FakeKubeApiServer api;
    private BgpSpeaker torA;
    private BgpSpeaker torB;
    private Agent agent;

    /** One agent: the watcher feeding the reconciler that runs the speaker, as FlatnetMain wires them. */
    private record Agent(KubernetesMode mode, ClusterWatcher watcher, Optional<KernelInstaller> kernel) {
        static Agent start(String apiUrl, Optional<KernelInstaller> kernel) {
            UnaryOperator<SpeakerConfig> noListener = SpeakerConfig::withoutListener; // it connects out to the ToRs
            KubernetesMode mode = FlatnetMain.kubernetesMode("node-1", "flatnet", kernel, noListener);
            var client = new ClientBuilder().setBasePath(apiUrl).setReadTimeout(Duration.ZERO).build();
            WatchOptions options = new WatchOptions("flatnet", Duration.ofMinutes(10), Duration.ofMillis(50),
                    Duration.ofMillis(200), Duration.ofSeconds(1));
            ClusterWatcher watcher = new ClusterWatcher(client, options, mode);
            watcher.start();
            return new Agent(mode, watcher, kernel);
        }

        BgpSpeaker speaker() {
            return mode.speaker().orElseThrow();
        }

        /** As SIGTERM stops it: the kernel keeps its routes, the sessions end gracefully. */
        void stop() {
            watcher.close();
            kernel.ifPresent(KernelInstaller::close);
            mode.close(true);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        torA = tor(TOR_A, 65001);
        torB = tor(TOR_B, 65002);
        api = new FakeKubeApiServer();
        api.put(NODES, Fixtures.node("node-1", "10.244.1.0/24", "127.0.0.11", Map.of()));
        api.put(NODES, Fixtures.node("node-2", "10.244.2.0/24", "127.0.0.12", Map.of()));
        api.put(CONFIGS, Fixtures.flatnet("default", """
                {"asNumber": 64512, "serviceLoadBalancerIPs": [{"cidr": "203.0.113.0/24"}]}"""));
        api.put(PEERS, torPeer("tor-a", torA, 65001, ""));
        api.put(PEERS, torPeer("tor-b", torB, 65002, ""));
        api.put(SERVICES, Fixtures.service("default", "ingress", "LoadBalancer", "10.96.0.20", "Local", List.of(),
                List.of("203.0.113.10")));
        api.put(SLICES, Fixtures.slice("default", "ingress-1", "ingress", Map.of("node-1", true)));
    }

    @AfterEach
    void tearDown() {
        // Each speaker lets its loops drain for up to two seconds: stop the three side by side.
        var stops = java.util.stream.Stream.<Runnable>of(() -> {
            if (agent != null) {
                agent.stop();
            }
        }, torA::close, torB::close).map(java.util.concurrent.CompletableFuture::runAsync).toList();
        stops.forEach(java.util.concurrent.CompletableFuture::join);
        api.close();
    }

    private static BgpSpeaker tor(IpAddress address, long as) {
        BgpSpeaker tor = BgpSpeaker.start(SpeakerConfig.of(Asn.of(as), RouterId.parse(address.toString()))
                .withListen(List.of(address), 0));
        tor.setPeers(Set.of(nodeOne(Optional.empty())));
        return tor;
    }

    /**
     * A ToR's peering with node-1, passive: node-1 connects. Graceful restart only where a test
     * needs it (a helper's stale-route timer keeps the speaker's close waiting).
     */
    private static PeerConfig nodeOne(Optional<Duration> gracefulRestart) {
        return PeerConfig.builder(NODE_1, CLUSTER_AS).passive(true).policy(PeerPolicy.defaults())
                .gracefulRestartTime(gracefulRestart.orElse(null)).build();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode torPeer(String name, BgpSpeaker tor, long as,
            String extra) {
        return Fixtures.flatnet(name, "{\"peerIP\": \"" + tor.listenAddresses().getFirst().getAddress().getHostAddress()
                + ":" + tor.port() + "\", \"asNumber\": " + as + extra + "}");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** What {@code tor} has received from node-1, as prefixes. */
    private static Set<String> received(BgpSpeaker tor) {
        Set<String> result = new TreeSet<>();
        tor.receivedRoutes().routes(NODE_1, AddressFamily.IPV4_UNICAST).forEach(r -> result.add(r.prefix().toString()));
        return result;
    }

    private static PeerStatus session(BgpSpeaker speaker, IpAddress peer) {
        return speaker.peerStatus(peer).orElseThrow();
    }

    private static boolean established(BgpSpeaker speaker, IpAddress peer) {
        return speaker.peerStatus(peer).map(p -> p.state() == SessionState.ESTABLISHED).orElse(false);
    }

    private void startAgentAndAwaitBothTors() throws InterruptedException {
        agent = Agent.start(api.url(), Optional.empty());
        await("both ToR sessions Established with node-1's routes",
                () -> established(torA, NODE_1) && established(torB, NODE_1)
                        && received(torA).containsAll(Set.of("10.244.1.0/24", LB_HOST)));
    }

    @Test
    void nodesJoinAndLeaveAndTheMeshFollowsWithoutTouchingTheOtherSessions() throws Exception {
        startAgentAndAwaitBothTors();
        assertThat(meshPeers()).containsExactly("127.0.0.12");
        Instant torSince = session(agent.speaker(), TOR_A).since();

        api.put(NODES, Fixtures.node("node-3", "10.244.3.0/24", "127.0.0.13", Map.of()));
        await("node-3 joins the mesh", () -> meshPeers().equals(Set.of("127.0.0.12", "127.0.0.13")));
        api.delete(NODES, "node-2");
        await("node-2 leaves the mesh", () -> meshPeers().equals(Set.of("127.0.0.13")));

        assertThat(session(agent.speaker(), TOR_A).since()).isEqualTo(torSince);
        assertThat(session(agent.speaker(), TOR_A).state()).isEqualTo(SessionState.ESTABLISHED);
    }

    private Set<String> meshPeers() {
        Set<String> result = new TreeSet<>();
        agent.speaker().peers().stream().map(p -> p.address().toString()).filter(a -> a.startsWith("127.0.0.1"))
                .forEach(result::add);
        return result;
    }

    @Test
    void theApiAnswersBeforeTheFirstSyncAndThenServesTheClustersConfiguration() throws Exception {
        api.holdLists(FakeKubeApiServer.FILTERS);
        agent = Agent.start(api.url(), Optional.empty());
        RunningAgent running = RunningAgent.of(agent.mode(), "node-1", "kubernetes " + api.url(), Instant.now(),
                () -> {}, Optional.empty());
        try (ApiServer server = ApiServer.start(running, running, ApiServer.Options.tcp(
                new java.net.InetSocketAddress("127.0.0.1", 0)))) {
            String base = "http://127.0.0.1:" + server.tcpAddress().orElseThrow().getPort();
            await("the informers list", () -> api.lists(NODES) > 0);
            assertThat(get(base + "/healthz").statusCode()).as("live while waiting for the cluster").isEqualTo(200);
            var notReady = get(base + "/readyz");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("configuration not loaded yet");
            assertThat(json(base + "/v1/status").get("configLoaded").asBoolean()).isFalse();
            assertThat(json(base + "/v1/peers").get("peers")).isEmpty();

            api.releaseLists(FakeKubeApiServer.FILTERS);
            await("both ToRs Established", () -> established(torA, NODE_1) && established(torB, NODE_1));
            var status = json(base + "/v1/status");
            assertThat(status.get("configLoaded").asBoolean()).isTrue();
            assertThat(status.get("asNumber").asLong()).isEqualTo(64512);
            assertThat(status.get("configSource").asText()).startsWith("kubernetes http://127.0.0.1:");
            assertThat(status.get("lastReload").get("result").asText()).isEqualTo("applied");
            var peers = json(base + "/v1/peers").get("peers");
            assertThat(peers).extracting(p -> p.get("address").asText() + " " + p.get("peerType").asText())
                    .contains("127.0.0.2 global", "127.0.0.12 node-to-node mesh");
            var ads = json(base + "/v1/advertisements").get("advertisements");
            assertThat(ads).extracting(a -> a.get("prefix").asText() + " " + a.get("source").asText())
                    .contains("10.244.1.0/24 pod-cidr", "203.0.113.10/32 service-load-balancer-ips");
            assertThat(get(base + "/readyz").body()).as("node-2 is not up: the startup grace period waits for it")
                    .contains("2 of 3 BGP sessions Established");
            assertThat(get(base + "/metrics").body()).contains("flatnet_");
        }
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    private static java.net.http.HttpResponse<String> get(String url) {
        try {
            return HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(url, e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String url) throws Exception {
        var r = get(url);
        assertThat(r.statusCode()).as(url + " " + r.body()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    }

    @Test
    void aPodCidrChangeMovesTheAdvertisement() throws Exception {
        startAgentAndAwaitBothTors();

        api.put(NODES, Fixtures.node("node-1", "10.244.11.0/24", "127.0.0.11", Map.of()));
        await("the ToRs learn the new block and forget the old one", () -> {
            Set<String> a = received(torA);
            return a.contains("10.244.11.0/24") && !a.contains("10.244.1.0/24")
                    && received(torB).contains("10.244.11.0/24") && !received(torB).contains("10.244.1.0/24");
        });
    }

    @Test
    void aLocalServiceHostRouteFollowsItsEndpointsFromNodeToNode() throws Exception {
        startAgentAndAwaitBothTors();
        assertThat(received(torA)).contains(LB_HOST, "203.0.113.0/24");

        api.put(SLICES, Fixtures.slice("default", "ingress-1", "ingress", Map.of("node-1", false, "node-2", true)));
        await("node-1 withdraws the /32: its endpoint moved to node-2", () -> !received(torA).contains(LB_HOST));
        assertThat(received(torA)).as("the range stays").contains("203.0.113.0/24", "10.244.1.0/24");

        api.put(SLICES, Fixtures.slice("default", "ingress-1", "ingress", Map.of("node-1", true, "node-2", true)));
        await("an endpoint on node-1 again: the /32 comes back", () -> received(torA).contains(LB_HOST));
    }

    @Test
    void aBgpPeerEditReconfiguresOnlyThatPeer() throws Exception {
        startAgentAndAwaitBothTors();
        Instant aSinceOnAgent = session(agent.speaker(), TOR_A).since();
        Instant aSinceOnTor = session(torA, NODE_1).since();
        Instant bSinceOnTor = session(torB, NODE_1).since();
        long aOpens = session(torA, NODE_1).received().open();
        Thread.sleep(1100); // the clocks tick past a second, so a new session has a new 'since'

        api.put(PEERS, torPeer("tor-b", torB, 65002, ", \"keepaliveTime\": \"20s\"")); // hold time 60 s offered
        await("tor-b's session is new, with the new hold time", () -> established(torB, NODE_1)
                && session(torB, NODE_1).since().isAfter(bSinceOnTor)
                && session(agent.speaker(), TOR_B).holdTime().equals(Duration.ofSeconds(60)));

        assertThat(session(agent.speaker(), TOR_A).since()).as("tor-a untouched, on the agent").isEqualTo(aSinceOnAgent);
        assertThat(session(torA, NODE_1).since()).as("tor-a untouched, on tor-a").isEqualTo(aSinceOnTor);
        assertThat(session(torA, NODE_1).received().open()).as("no new OPEN to tor-a").isEqualTo(aOpens);
        assertThat(received(torB)).contains("10.244.1.0/24");
    }

    @Test
    void theApiServerGoingAwayAndComingBackWithdrawsNothing() throws Exception {
        startAgentAndAwaitBothTors();
        Thread.sleep(500);
        Set<String> before = received(torA);
        long updates = session(torA, NODE_1).received().update();
        Instant since = session(torA, NODE_1).since();

        api.stop();
        Thread.sleep(3000); // every list and watch fails, backs off and retries
        assertThat(received(torA)).isEqualTo(before);
        api.restart();
        awaitWatches();
        Thread.sleep(1000);

        assertThat(received(torA)).isEqualTo(before);
        assertThat(session(torA, NODE_1).received().update()).as("no UPDATE at all: nothing withdrawn, nothing re-sent")
                .isEqualTo(updates);
        assertThat(session(torA, NODE_1).since()).isEqualTo(since);
        // and the agent follows the cluster again
        api.put(NODES, Fixtures.node("node-1", "10.244.11.0/24", "127.0.0.11", Map.of()));
        await("the new block after the API server came back", () -> received(torA).contains("10.244.11.0/24"));
    }

    @Test
    void anExpiredWatchRelistsWithoutWithdrawingAnything() throws Exception {
        startAgentAndAwaitBothTors();
        awaitWatches();
        Thread.sleep(500);
        Set<String> before = received(torA);
        long updates = session(torA, NODE_1).received().update();
        Map<String, Long> lists = new java.util.HashMap<>();
        WATCHED.forEach(c -> lists.put(c, api.lists(c)));

        WATCHED.forEach(api::expireWatches);
        await("every informer relists after 410 Gone", () -> WATCHED.stream().allMatch(c -> api.lists(c) > lists.get(c)));
        Thread.sleep(1000);

        assertThat(received(torA)).isEqualTo(before);
        assertThat(session(torA, NODE_1).received().update()).as("no UPDATE: the relist changed nothing")
                .isEqualTo(updates);
    }

    private void awaitWatches() throws InterruptedException {
        await("every informer watches again", () -> WATCHED.stream().allMatch(c -> api.count("GET", c, "watch=true")
                > 0));
        Thread.sleep(300);
    }

    @Test
    void aRestartWithTheApiServerDownKeepsTheKernelRoutesAndThePeersKeepOurs() throws Exception {
        InMemoryRouteTable table = new InMemoryRouteTable().connect("127.0.0.0/8", 1);
        torA.setPeers(Set.of(nodeOne(Optional.of(Duration.ofSeconds(120)))));
        torA.setAdvertisements(Set.of(Advertisement.of("100.66.0.0/24")));
        KernelOptions kernelOptions = KernelOptions.DEFAULT.withRestartTime(Duration.ofSeconds(60));
        agent = Agent.start(api.url(), Optional.of(KernelInstaller.start(kernelOptions, () -> table)));
        await("the route from tor-a in the kernel, next to node-1's blackhole",
                () -> kernelPrefixes(table).containsAll(Set.of("100.66.0.0/24", "10.244.1.0/24"))
                        && received(torA).contains("10.244.1.0/24"));
        Set<String> installed = kernelPrefixes(table);

        agent.stop();
        agent = null;
        api.stop();
        Agent restarted = Agent.start(api.url(), Optional.of(KernelInstaller.start(kernelOptions, () -> table)));
        agent = restarted;
        assertThat(restarted.kernel().orElseThrow().restarting()).as("routes of ours adopted").isTrue();
        Thread.sleep(4000); // the informers cannot sync: the speaker does not start, nothing is swept

        assertThat(restarted.mode().speaker()).isEmpty();
        assertThat(kernelPrefixes(table)).isEqualTo(installed);
        assertThat(received(torA)).as("tor-a keeps our routes: graceful restart").contains("10.244.1.0/24");

        api.restart();
        await("back in session with tor-a", () -> restarted.mode().speaker().isPresent()
                && established(restarted.speaker(), TOR_A) && established(torA, NODE_1));
        Thread.sleep(1500); // End-of-RIB both ways, then the stale sweep
        assertThat(kernelPrefixes(table)).containsAll(installed);
        assertThat(received(torA)).contains("10.244.1.0/24");
    }

    private static Set<String> kernelPrefixes(InMemoryRouteTable table) {
        while (true) {
            try {
                Set<String> result = new TreeSet<>();
                table.all().stream().map(KernelRoute::destination).forEach(p -> result.add(p.toString()));
                return result;
            } catch (ConcurrentModificationException | NullPointerException e) {
                Thread.onSpinWait(); // the installer's thread writes the table; read again
            }
        }
    }
}
