package io.flatnet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flatnet.agent.api.ApiServer;
import io.flatnet.agent.kernel.KernelInstaller;
import io.flatnet.agent.kernel.KernelOptions;
import io.flatnet.agent.kernel.LocalRanges;
import io.flatnet.kernel.InMemoryRouteTable;
import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.ListenRange;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.SpeakerConfig;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API over real HTTP on an ephemeral loopback port, in front of a real speaker (the agent,
 * 127.0.0.1, AS 4200000001) peering over TCP with a second one (127.0.0.2, AS 4200000002) that
 * advertises a route.
 */
class AgentApiTest {
    static final IpAddress A = IpAddress.parse("127.0.0.1");
    static final IpAddress B = IpAddress.parse("127.0.0.2");
    static final Asn AS_A = Asn.of(4_200_000_001L);
    static final Asn AS_B = Asn.of(4_200_000_002L);
    static final ConnectRetryBackoff FAST = new ConnectRetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger exits = new AtomicInteger();
    private BgpSpeaker agent;
    private BgpSpeaker peer;
    private ApiServer api;
    private URI base;

    @BeforeEach
    void start() {
        agent = BgpSpeaker.start(SpeakerConfig.of(AS_A, RouterId.parse("1.1.1.1")).withListen(List.of(A), 0)
                .withIoThreads(1));
        peer = BgpSpeaker.start(SpeakerConfig.of(AS_B, RouterId.parse("2.2.2.2")).withListen(List.of(B), 0)
                .withIoThreads(1));
        RunningAgent running = new RunningAgent(agent, RunningAgent.nodeInfo(agent, Optional.of("node-a"),
                "command line", Instant.now()), Optional::empty, Optional::empty, exits::incrementAndGet);
        api = ApiServer.start(running, running, new ApiServer.Options(
                Optional.of(new InetSocketAddress("127.0.0.1", 0)), Optional.empty(), Duration.ofSeconds(30)));
        base = URI.create("http://127.0.0.1:" + api.tcpAddress().orElseThrow().getPort());
    }

    @AfterEach
    void stop() {
        api.close();
        agent.close();
        peer.close();
    }

    private void establish() {
        peer.setAdvertisements(Set.of(new Advertisement(IpPrefix.parse("10.244.2.0/24"),
                List.of(Community.of(65000, 42)), List.of())));
        peer.setPeers(Set.of(PeerConfig.builder(A, AS_A).port(agent.port()).sourceAddress(B).passive(true)
                .backoff(FAST).policy(PeerPolicy.defaults()).build()));
        agent.setPeers(Set.of(PeerConfig.builder(B, AS_B).port(peer.port()).sourceAddress(A).backoff(FAST).policy(PeerPolicy.defaults()).build()));
        await("session established", () -> agent.peerStatus(B).map(PeerStatus::state).orElse(null),
                s -> s == SessionState.ESTABLISHED);
        await("route from B", () -> agent.receivedRoutes().routes(B, AddressFamily.IPV4_UNICAST), l -> l.size() == 1);
    }

    record Reply(int status, String contentType, String body, HttpResponse<String> raw) {}

    private Reply send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body(), r);
    }

    private JsonNode getJson(String path, int status) throws Exception {
        Reply r = send("GET", path, null);
        assertThat(r.status()).as(path + " -> " + r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        return json.readTree(r.body());
    }

    @Test
    void statusDescribesTheNode() throws Exception {
        JsonNode s = getJson("/v1/status", 200);
        assertThat(s.get("apiVersion").asText()).isEqualTo("v1");
        assertThat(s.get("nodeName").asText()).isEqualTo("node-a");
        assertThat(s.get("asNumber").asLong()).isEqualTo(4_200_000_001L);
        assertThat(s.get("routerId").asText()).isEqualTo("1.1.1.1");
        assertThat(s.get("configSource").asText()).isEqualTo("command line");
        assertThat(s.get("configLoaded").asBoolean()).isTrue();
        assertThat(s.get("lastReload").isNull()).isTrue();
        assertThat(s.get("listen").get(0).asText()).startsWith("127.0.0.1:");
        assertThat(Instant.parse(s.get("startedAt").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(s.get("peersConfigured").asInt()).isZero();
        assertThat(s.get("kernel").isNull()).isTrue();
        JsonNode k = getJson("/v1/kernel", 200);
        assertThat(k.get("enabled").asBoolean()).isFalse();
        assertThat(k.get("table").isNull()).isTrue();
        assertThat(k.get("restart").asText()).isEqualTo("kernel route installation is off (--no-kernel)");
    }

    @Test
    void kernelRoutesAreCountedExclusionsExplainedAndDecommissionRemovesThem() throws Exception {
        InMemoryRouteTable table = new InMemoryRouteTable().connect("127.0.0.0/8", 1);
        KernelInstaller kernel = KernelInstaller.start(KernelOptions.DEFAULT, () -> table);
        try {
            kernel.attach(agent);
            kernel.setLocalRanges(new LocalRanges(List.of(IpPrefix.parse("10.96.0.0/12")),
                    Map.of(IpPrefix.parse("10.96.0.0/12"), "serviceClusterIPs")));
            restartApi(Optional.of(kernel));
            establish();
            peer.setAdvertisements(Set.of(Advertisement.of("10.244.2.0/24"), Advertisement.of("10.96.5.0/24")));

            JsonNode k = await("kernel routes", () -> getJsonUnchecked("/v1/kernel"), n -> n.get("installed").asInt() == 2 && n.get("excluded").asInt() == 1);
            assertThat(k.get("enabled").asBoolean()).isTrue();
            assertThat(k.get("table").asLong()).isEqualTo(254);
            assertThat(k.get("protocol").asInt()).isEqualTo(186);
            assertThat(k.get("blackholes").asInt()).isEqualTo(1);
            assertThat(k.get("stale").asInt()).isZero();
            assertThat(k.get("restart").asText()).startsWith("no routes adopted");
            assertThat(k.get("operations").get("added").asLong()).isEqualTo(2);
            assertThat(k.get("excludedRoutes")).hasSize(1);
            assertThat(k.get("excludedRoutes").get(0).get("prefix").asText()).isEqualTo("10.96.5.0/24");
            assertThat(k.get("excludedRoutes").get(0).get("reason").asText()).isEqualTo("inside the service range"
                    + " 10.96.0.0/12 (serviceClusterIPs): kube-proxy on this node handles Service addresses");
            assertThat(table.all()).extracting(Object::toString).containsExactlyInAnyOrder(
                    "10.244.2.0/24 via 127.0.0.2 dev #1 proto bgp", "blackhole 10.96.0.0/12 proto bgp");

            JsonNode status = getJson("/v1/status", 200).get("kernel");
            assertThat(status.get("installed").asInt()).isEqualTo(2);
            assertThat(status.get("excluded").asInt()).isEqualTo(1);
            assertThat(status.get("stale").asInt()).isZero();
            String metrics = send("GET", "/metrics", null).body();
            assertThat(metrics).contains("flatnet_kernel_routes{state=\"installed\"} 2",
                    "flatnet_kernel_routes{state=\"excluded\"} 1", "flatnet_kernel_route_operations_total{op=\"add\"} 2",
                    "flatnet_kernel_route_failures_total 0");

            Reply gone = send("POST", "/v1/decommission", "{\"message\": \"node retired\"}");
            assertThat(gone.status()).isEqualTo(200);
            assertThat(table.all()).isEmpty();
        } finally {
            kernel.close();
        }
    }

    @Test
    void aPeerAcceptedFromAListenRangeIsShownAsDynamicWithItsRange() throws Exception {
        agent.setListenRanges(List.of(new ListenRange("test-range", List.of(IpPrefix.parse("127.0.0.0/24")), AS_B,
                ListenRange.defaultTemplate(List.of(IpPrefix.parse("127.0.0.0/24")), AS_B)
                        .policy(PeerPolicy.defaults()).build())));
        peer.setPeers(Set.of(PeerConfig.builder(A, AS_A).port(agent.port()).sourceAddress(B)
                .backoff(FAST).policy(PeerPolicy.defaults()).build()));
        await("dynamic session established", () -> agent.peerStatus(B).map(PeerStatus::state).orElse(null),
                s -> s == SessionState.ESTABLISHED);
        JsonNode p = getJson("/v1/peers/127.0.0.2", 200);
        assertThat(p.get("peerType").asText()).isEqualTo("dynamic");
        assertThat(p.get("listenRange").asText()).isEqualTo("test-range");
        assertThat(getJson("/v1/peers", 200).get("peers").get(0).get("peerType").asText()).isEqualTo("dynamic");
    }

    @Test
    void aDynamicPeersRoutesAndReflectorClientFlagComeFromItsOwnConfiguration() throws Exception {
        IpPrefix range = IpPrefix.parse("127.0.0.0/24");
        agent.setListenRanges(List.of(new ListenRange("clients", List.of(range), AS_B,
                ListenRange.defaultTemplate(List.of(range), AS_B).policy(PeerPolicy.defaults()).reflectorClient(true)
                        .build())));
        peer.setAdvertisements(Set.of(Advertisement.of("10.244.7.0/24")));
        peer.setPeers(Set.of(PeerConfig.builder(A, AS_A).port(agent.port()).sourceAddress(B)
                .backoff(FAST).policy(PeerPolicy.defaults()).build()));
        JsonNode routes = await("the dynamic peer's route in the Loc-RIB", () -> getJsonUnchecked(
                "/v1/routes?view=loc-rib&family=ipv4"), n -> n.get("routes").size() == 1);
        assertThat(routes.get("routes").get(0).get("paths").get(0).get("peerType").asText()).isEqualTo("dynamic");
        assertThat(getJson("/v1/peers/127.0.0.2", 200).get("routeReflectorClient").asBoolean())
                .as("the range's template says so; there is no configuration view").isTrue();
    }

    @Test
    void locRibViewShowsTheBestPathItsReasonTheOthersAndTheKernelState() throws Exception {
        InMemoryRouteTable table = new InMemoryRouteTable().connect("127.0.0.0/8", 1);
        KernelInstaller kernel = KernelInstaller.start(KernelOptions.DEFAULT, () -> table);
        try {
            kernel.attach(agent);
            kernel.setLocalRanges(new LocalRanges(List.of(IpPrefix.parse("10.96.0.0/12")),
                    Map.of(IpPrefix.parse("10.96.0.0/12"), "serviceClusterIPs")));
            restartApi(Optional.of(kernel));
            establish();
            agent.setAdvertisements(Set.of(Advertisement.of("10.244.3.0/24")));
            peer.setAdvertisements(Set.of(Advertisement.of("10.244.2.0/24"), Advertisement.of("10.244.3.0/24"),
                    Advertisement.of("10.96.5.0/24")));
            JsonNode all = await("three prefixes, one installed", () -> getJsonUnchecked(
                    "/v1/routes?view=loc-rib&family=ipv4"), n -> n.get("routes").size() == 3
                    && n.get("routes").findValues("state").stream().anyMatch(s -> s.asText().equals("installed"))
                    && n.get("routes").get(2).get("paths").size() == 2
                    // the installer reports the service route once it has seen it: pending until then
                    && n.get("routes").get(0).get("kernel").get("state").asText().equals("excluded"));
            assertThat(all.get("view").asText()).isEqualTo("loc-rib");
            assertThat(all.get("routes")).extracting(r -> r.get("prefix").asText())
                    .containsExactly("10.96.5.0/24", "10.244.2.0/24", "10.244.3.0/24");

            JsonNode service = all.get("routes").get(0);
            assertThat(service.get("kernel").get("installed").asBoolean()).isFalse();
            assertThat(service.get("kernel").get("state").asText()).isEqualTo("excluded");
            assertThat(service.get("kernel").get("reason").asText()).startsWith("inside the service range 10.96.0.0/12");

            JsonNode learned = all.get("routes").get(1);
            assertThat(learned.get("family").asText()).isEqualTo("ipv4");
            assertThat(learned.get("bestReason").asText()).isEqualTo("only-path");
            assertThat(learned.get("bestReasonText").asText()).isEqualTo("the only path");
            assertThat(learned.get("ecmpPaths").asInt()).isEqualTo(1);
            assertThat(learned.get("kernel").get("installed").asBoolean()).isTrue();
            assertThat(learned.get("kernel").get("state").asText()).isEqualTo("installed");
            assertThat(learned.get("kernel").get("reason").isNull()).isTrue();
            assertThat(learned.get("kernel").get("nextHops")).extracting(JsonNode::asText).containsExactly("127.0.0.2");
            JsonNode path = learned.get("paths").get(0);
            assertThat(path.get("status").asText()).isEqualTo("best");
            assertThat(path.get("peer").asText()).isEqualTo("127.0.0.2");
            assertThat(path.get("peerType").asText()).isEqualTo("command line");
            assertThat(path.get("source").asText()).isEqualTo("ebgp");
            assertThat(path.get("nextHop").asText()).isEqualTo("127.0.0.2");
            assertThat(path.get("nextHopReachable").asBoolean()).isTrue();
            assertThat(path.get("asPath").asText()).isEqualTo("4200000002");
            assertThat(path.get("origin").asText()).isEqualTo("igp");

            // The node's own prefix beats the peer's: the peer's path is listed as the loser.
            JsonNode own = all.get("routes").get(2);
            assertThat(own.get("bestReason").asText()).isEqualTo("local-origin");
            assertThat(own.get("paths")).extracting(p -> p.get("status").asText()).containsExactly("best", "candidate");
            assertThat(own.get("paths").get(0).get("source").asText()).isEqualTo("local");
            assertThat(own.get("paths").get(0).get("peer").isNull()).isTrue();
            assertThat(own.get("paths").get(1).get("peer").asText()).isEqualTo("127.0.0.2");
            assertThat(own.get("kernel").get("state").asText()).isEqualTo("not-desired");
            assertThat(own.get("kernel").get("reason").asText()).startsWith("originated by this node");

            JsonNode one = getJson("/v1/routes?view=loc-rib&prefix=10.244.2.0/24", 200);
            assertThat(one.get("routes")).hasSize(1);
            assertThat(one.get("routes").get(0).get("prefix").asText()).isEqualTo("10.244.2.0/24");
            assertThat(getJson("/v1/routes?view=loc-rib&prefix=10.9.0.0/16", 200).get("routes")).isEmpty();
            assertThat(getJson("/v1/routes?view=loc-rib&family=ipv6", 200).get("routes")).isEmpty();
            assertThat(getJson("/v1/routes?view=loc-rib&peer=127.0.0.2", 200).get("routes")).hasSize(3);
            assertThat(getJson("/v1/routes?view=fib", 400).get("detail").asText())
                    .startsWith("view 'fib' is not received (the Adj-RIB-In) or loc-rib");
        } finally {
            kernel.close();
        }
    }

    @Test
    void locRibViewSaysTheKernelIsOffWithNoKernel() throws Exception {
        establish();
        JsonNode r = getJson("/v1/routes?view=loc-rib", 200).get("routes").get(0);
        assertThat(r.get("prefix").asText()).isEqualTo("10.244.2.0/24");
        assertThat(r.get("kernel").get("state").asText()).isEqualTo("disabled");
        assertThat(r.get("kernel").get("reason").asText()).isEqualTo("kernel route installation is off (--no-kernel)");
        assertThat(r.get("paths").get(0).get("communities")).extracting(JsonNode::asText).containsExactly("65000:42");
    }

    private void restartApi(Optional<KernelInstaller> kernel) {
        api.close();
        RunningAgent running = new RunningAgent(agent, RunningAgent.nodeInfo(agent, Optional.of("node-a"),
                "command line", Instant.now()), Optional::empty, Optional::empty, exits::incrementAndGet, kernel);
        api = ApiServer.start(running, running, new ApiServer.Options(
                Optional.of(new InetSocketAddress("127.0.0.1", 0)), Optional.empty(), Duration.ofSeconds(30)));
        base = URI.create("http://127.0.0.1:" + api.tcpAddress().orElseThrow().getPort());
    }

    private JsonNode getJsonUnchecked(String path) {
        try {
            return getJson(path, 200);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The v1 contract: every document keeps its fields, in order (fields may only be added, at the
     * end). A rename, removal or reorder fails here before it reaches a flatnetctl in the field.
     */
    @Test
    void everyEndpointAnswersWithItsV1Fields() throws Exception {
        establish();
        agent.setAdvertisements(Set.of(Advertisement.of("10.244.1.0/24")));
        await("loc-rib", () -> getJsonUnchecked("/v1/routes?view=loc-rib").get("routes"), r -> r.size() == 2);
        JsonNode index = getJson("/v1", 200);
        assertThat(fields(index)).containsExactly("apiVersion", "endpoints");
        assertThat(fields(index.get("endpoints"))).containsExactly("GET /v1/status", "GET /v1/peers",
                "GET /v1/peers/{address}", "POST /v1/peers/{address}/reset",
                "GET /v1/routes?view=received|loc-rib&peer=ADDRESS&family=ipv4|ipv6&prefix=CIDR",
                "GET /v1/advertisements", "GET /v1/config", "GET /v1/kernel", "POST /v1/decommission", "GET /metrics",
                "GET /healthz", "GET /readyz");
        assertThat(fields(getJson("/v1/status", 200))).containsExactly("apiVersion", "nodeName", "asNumber",
                "routerId", "startedAt", "uptimeSeconds", "configSource", "configLoaded", "lastReload", "listen",
                "peersConfigured", "peersEstablished", "kernel", "version");
        JsonNode peer = getJson("/v1/peers", 200).get("peers").get(0);
        assertThat(fields(peer)).containsExactly("address", "peerType", "asNumber", "state", "info", "since",
                "uptimeSeconds", "holdTimeSeconds", "keepaliveSeconds", "capabilities", "messages", "prefixes", "flaps",
                "lastError", "lastStateChangeReason", "lastNotificationSent", "lastNotificationReceived",
                "notificationsSent", "notificationsReceived", "routeReflectorClient", "listenRange");
        assertThat(fields(getJson("/v1/peers/127.0.0.2", 200))).isEqualTo(fields(peer));
        assertThat(fields(peer.get("capabilities"))).containsExactly("families", "fourOctetAs", "extendedMessages",
                "routeRefresh", "enhancedRouteRefresh", "peerGracefulRestart", "addPathReceive", "addPathSend",
                "extendedNextHop", "peerAdvertised");
        assertThat(fields(peer.get("messages").get("sent"))).containsExactly("open", "update", "notification",
                "keepalive", "routeRefresh", "total");
        assertThat(fields(peer.get("prefixes"))).containsExactly("received", "accepted", "advertised");

        JsonNode received = getJson("/v1/routes", 200);
        assertThat(fields(received)).containsExactly("view", "routes", "truncated", "next");
        assertThat(fields(received.get("routes").get(0))).containsExactly("peer", "family", "prefix", "pathId",
                "nextHop", "asPath", "origin", "med", "localPref", "communities", "largeCommunities",
                "extendedCommunities");
        JsonNode locRib = getJson("/v1/routes?view=loc-rib", 200);
        assertThat(fields(locRib)).containsExactly("view", "routes", "truncated", "next");
        JsonNode prefix = locRib.get("routes").get(0);
        assertThat(fields(prefix)).containsExactly("prefix", "family", "bestReason", "bestReasonText", "ecmpPaths",
                "kernel", "paths");
        assertThat(fields(prefix.get("kernel"))).containsExactly("installed", "state", "reason", "nextHops");
        assertThat(fields(prefix.get("paths").get(0))).containsExactly("status", "peer", "peerType", "source",
                "pathId", "nextHop", "nextHopReachable", "asPath", "origin", "med", "localPref", "communities",
                "largeCommunities", "extendedCommunities", "originatorId", "clusterList");

        JsonNode ads = getJson("/v1/advertisements", 200);
        assertThat(fields(ads)).containsExactly("advertisements");
        assertThat(fields(getJson("/v1/config", 200))).containsExactly("source", "nodeName", "bgp", "peers",
                "advertisements", "blackholes", "warnings", "listenRanges");
        assertThat(fields(getJson("/v1/kernel", 200))).containsExactly("enabled", "table", "protocol", "installed",
                "blackholes", "excluded", "stale", "adopted", "restart", "operations", "excludedRoutes");
        assertThat(fields(getJson("/healthz", 200))).containsExactly("status", "reason");
        assertThat(fields(getJson("/readyz", 200))).containsExactly("status", "reason");
        assertThat(fields(getJson("/v1/nothing", 404))).containsExactly("error", "detail");
        Reply reset = send("POST", "/v1/peers/127.0.0.2/reset", null);
        assertThat(fields(json.readTree(reset.body()))).containsExactly("peer", "action", "detail");
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void advertisementsListTheNodesOwnPrefixesSortedWithTheirSource() throws Exception {
        agent.setAdvertisements(Set.of(Advertisement.of("10.244.9.0/24"), new Advertisement(
                IpPrefix.parse("10.244.1.0/24"), List.of(Community.of(64512, 100)), List.of())));
        RunningAgent running = new RunningAgent(agent, RunningAgent.nodeInfo(agent, Optional.empty(), "command line",
                Instant.now()), Optional::empty, Optional::empty, exits::incrementAndGet)
                .withCommandLineAdvertisements(Set.of(Advertisement.of("10.244.9.0/24"), new Advertisement(
                        IpPrefix.parse("10.244.1.0/24"), List.of(Community.of(64512, 100)), List.of())));
        api.close();
        api = ApiServer.start(running, running, new ApiServer.Options(
                Optional.of(new InetSocketAddress("127.0.0.1", 0)), Optional.empty(), Duration.ofSeconds(30)));
        base = URI.create("http://127.0.0.1:" + api.tcpAddress().orElseThrow().getPort());
        JsonNode ads = getJson("/v1/advertisements", 200).get("advertisements");
        assertThat(ads).extracting(a -> a.get("prefix").asText()).containsExactly("10.244.1.0/24", "10.244.9.0/24");
        JsonNode first = ads.get(0);
        assertThat(first.get("family").asText()).isEqualTo("ipv4");
        assertThat(first.get("source").asText()).isEqualTo("command-line");
        assertThat(first.get("communities")).extracting(JsonNode::asText).containsExactly("64512:100");
        assertThat(first.get("largeCommunities")).isEmpty();
    }

    @Test
    void peersShowStateCountersCapabilitiesAndInfo() throws Exception {
        establish();
        JsonNode list = getJson("/v1/peers", 200).get("peers");
        assertThat(list).hasSize(1);
        JsonNode p = getJson("/v1/peers/127.0.0.2", 200);
        assertThat(p.get("address").asText()).isEqualTo("127.0.0.2");
        assertThat(p.get("peerType").asText()).isEqualTo("command line");
        assertThat(p.get("listenRange").isNull()).as("a configured peer has no listen range").isTrue();
        assertThat(p.get("asNumber").asLong()).isEqualTo(4_200_000_002L);
        assertThat(p.get("state").asText()).isEqualTo("Established");
        assertThat(p.get("info").asText()).isEqualTo("Established");
        assertThat(Instant.parse(p.get("since").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(p.get("holdTimeSeconds").asLong()).isEqualTo(90);
        assertThat(p.get("keepaliveSeconds").asLong()).isEqualTo(30);
        JsonNode caps = p.get("capabilities");
        assertThat(caps.get("families")).extracting(JsonNode::asText).containsExactly("ipv4", "ipv6");
        assertThat(caps.get("fourOctetAs").asBoolean()).isTrue();
        assertThat(caps.get("routeRefresh").asBoolean()).isTrue();
        assertThat(caps.get("peerAdvertised")).extracting(JsonNode::asText).contains("route-refresh",
                "4-octet-as 4200000002", "multiprotocol ipv4");
        assertThat(p.get("messages").get("received").get("open").asLong()).isEqualTo(1);
        assertThat(p.get("messages").get("sent").get("open").asLong()).isEqualTo(1);
        assertThat(p.get("messages").get("received").get("update").asLong()).isPositive();
        assertThat(p.get("prefixes").get("accepted").asLong()).isEqualTo(1);
        assertThat(p.get("flaps").asLong()).isZero();
        assertThat(p.get("lastError").isNull()).isTrue();
        assertThat(p.get("lastNotificationSent").isNull()).isTrue();
        assertThat(p.has("lastNotificationReceived")).isTrue();
    }

    @Test
    void routesCarryNextHopAsPathAndCommunities() throws Exception {
        establish();
        JsonNode routes = getJson("/v1/routes?peer=127.0.0.2&family=ipv4", 200);
        assertThat(routes.get("view").asText()).isEqualTo("received");
        JsonNode r = routes.get("routes").get(0);
        assertThat(r.get("prefix").asText()).isEqualTo("10.244.2.0/24");
        assertThat(r.get("peer").asText()).isEqualTo("127.0.0.2");
        assertThat(r.get("family").asText()).isEqualTo("ipv4");
        assertThat(r.get("nextHop").asText()).isEqualTo("127.0.0.2");
        assertThat(r.get("asPath").asText()).isEqualTo("4200000002");
        assertThat(r.get("origin").asText()).isEqualTo("igp");
        assertThat(r.get("communities")).extracting(JsonNode::asText).containsExactly("65000:42");
        assertThat(getJson("/v1/routes", 200).get("routes")).hasSize(1);
        assertThat(getJson("/v1/routes?family=ipv6", 200).get("routes")).isEmpty();
    }

    /**
     * A table larger than a page comes a page at a time: {@code limit} prefixes, {@code truncated}
     * and {@code next} while more follow, {@code after=next} for the next page, IPv4 before IPv6,
     * every prefix once and in order; the peer filter is applied inside the walk.
     */
    @Test
    void theLocRibComesAPageAtATime() throws Exception {
        establish();
        Set<Advertisement> own = new java.util.HashSet<>();
        for (int i = 0; i < 20_000; i++) { // more than a RIB task's chunk of the table
            own.add(Advertisement.of("10." + (i >> 8) + "." + (i & 255) + ".0/24"));
        }
        for (int i = 0; i < 30; i++) {
            own.add(Advertisement.of("fd00:64:" + Integer.toHexString(i) + "::/48"));
        }
        agent.setAdvertisements(own);
        await("loc-rib sized", () -> agent.rib().query(r -> r.locRib(io.flatnet.bgp.model.Afi.IPV4).prefixCount()
                + r.locRib(io.flatnet.bgp.model.Afi.IPV6).prefixCount()).join(), n -> n == 20_031);

        List<String> listed = new ArrayList<>();
        String after = null;
        int pages = 0;
        while (true) {
            JsonNode page = getJson("/v1/routes?view=loc-rib&limit=7000" + (after == null ? "" : "&after=" + after), 200);
            pages++;
            page.get("routes").forEach(r -> listed.add(r.get("prefix").asText()));
            if (!page.get("truncated").asBoolean()) {
                assertThat(page.get("next").isNull()).isTrue();
                break;
            }
            assertThat(page.get("routes")).hasSize(7000);
            after = page.get("next").asText();
            assertThat(after).isEqualTo(listed.getLast());
        }
        assertThat(pages).isEqualTo(3);
        assertThat(listed).hasSize(20_031).doesNotHaveDuplicates().contains("10.244.2.0/24", "fd00:64:1d::/48");
        List<IpPrefix> order = listed.stream().map(IpPrefix::parse).toList();
        assertThat(order).isSortedAccordingTo(java.util.Comparator.comparing((IpPrefix p) -> p.afi())
                .thenComparing(java.util.Comparator.naturalOrder()));

        // The last IPv4 prefix as the cursor: the next page is the IPv6 table from its start.
        JsonNode v6 = getJson("/v1/routes?view=loc-rib&limit=5&after=10.244.2.0/24", 200);
        assertThat(v6.get("routes")).extracting(r -> r.get("prefix").asText())
                .containsExactly("fd00:64::/48", "fd00:64:1::/48", "fd00:64:2::/48", "fd00:64:3::/48", "fd00:64:4::/48");
        assertThat(v6.get("next").asText()).isEqualTo("fd00:64:4::/48");
        // A filter applies inside the walk: one prefix has a path from the peer, and the page says it is all.
        JsonNode fromPeer = getJson("/v1/routes?view=loc-rib&limit=1&peer=127.0.0.2", 200);
        assertThat(fromPeer.get("routes")).extracting(r -> r.get("prefix").asText()).containsExactly("10.244.2.0/24");
        assertThat(fromPeer.get("truncated").asBoolean()).isFalse();
        assertThat(getJson("/v1/routes?view=loc-rib&limit=2&family=ipv6&after=fd00:64:1c::/48", 200).get("routes"))
                .extracting(r -> r.get("prefix").asText()).containsExactly("fd00:64:1d::/48");

        assertThat(getJson("/v1/routes?view=loc-rib&limit=0", 400).get("detail").asText())
                .isEqualTo("limit '0' is not a number of prefixes from 1 to 10000");
        getJson("/v1/routes?view=loc-rib&limit=10001", 400);
        assertThat(getJson("/v1/routes?view=loc-rib&after=10.1", 400).get("detail").asText())
                .startsWith("after '10.1' is not a CIDR prefix");
    }

    /** The received view pages the same way; a prefix's routes from every peer stay on one page. */
    @Test
    void receivedRoutesComeAPageAtATime() throws Exception {
        establish();
        Set<Advertisement> sent = new java.util.HashSet<>();
        for (int i = 0; i < 25; i++) {
            sent.add(Advertisement.of("10.245." + i + ".0/24"));
        }
        peer.setAdvertisements(sent);
        await("routes from B", () -> agent.receivedRoutes().routes(B, AddressFamily.IPV4_UNICAST), l -> l.size() == 25);
        JsonNode first = getJson("/v1/routes?limit=10", 200);
        assertThat(first.get("view").asText()).isEqualTo("received");
        assertThat(first.get("routes")).hasSize(10);
        assertThat(first.get("truncated").asBoolean()).isTrue();
        assertThat(first.get("next").asText()).isEqualTo("10.245.9.0/24");
        JsonNode rest = getJson("/v1/routes?limit=10000&after=10.245.9.0/24", 200);
        assertThat(rest.get("routes")).extracting(r -> r.get("prefix").asText()).hasSize(15)
                .startsWith("10.245.10.0/24").endsWith("10.245.24.0/24");
        assertThat(rest.get("truncated").asBoolean()).isFalse();
        assertThat(getJson("/v1/routes?prefix=10.245.3.0/24", 200).get("routes"))
                .extracting(r -> r.get("prefix").asText()).containsExactly("10.245.3.0/24");
    }

    @Test
    void errorsAreJsonWithTheRightStatus() throws Exception {
        JsonNode unknown = getJson("/v1/peers/10.9.9.9", 404);
        assertThat(unknown.get("error").asText()).isEqualTo("unknown peer");
        assertThat(unknown.get("detail").asText()).isEqualTo("no BGP peer 10.9.9.9 is configured");

        JsonNode bad = getJson("/v1/peers/not-an-ip", 400);
        assertThat(bad.get("error").asText()).isEqualTo("bad request");
        assertThat(bad.get("detail").asText()).startsWith("peer address 'not-an-ip' is not an IP address");
        assertThat(getJson("/v1/routes?family=ipv5", 400).get("detail").asText())
                .isEqualTo("family 'ipv5' is not ipv4 or ipv6");
        assertThat(getJson("/v1/routes?peer=1.2.3", 400).get("detail").asText()).startsWith("peer '1.2.3'");
        assertThat(getJson("/v1/nothing", 404).get("error").asText()).isEqualTo("not found");

        Reply wrongMethod = send("POST", "/v1/peers", "{}");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.raw().headers().firstValue("allow")).contains("GET");
        assertThat(json.readTree(wrongMethod.body()).get("error").asText()).isEqualTo("method not allowed");
        assertThat(send("GET", "/v1/decommission", null).status()).isEqualTo(405);
        assertThat(send("DELETE", "/v1/peers/127.0.0.2/reset", null).status()).isEqualTo(405);

        Reply badBody = send("POST", "/v1/peers/127.0.0.2/reset", "{not json");
        assertThat(badBody.status()).isEqualTo(400);
        assertThat(send("POST", "/v1/decommission", "").status()).isEqualTo(400);
        assertThat(exits.get()).isZero();
    }

    @Test
    void requestsAreBounded() throws Exception {
        Reply big = send("POST", "/v1/peers/127.0.0.2/reset", "x".repeat(ApiServer.MAX_BODY + 1));
        assertThat(big.status()).isEqualTo(413);
        try (Socket s = new Socket("127.0.0.1", base.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /" + "a".repeat(ApiServer.MAX_INITIAL_LINE + 10) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(reply).isEqualTo("HTTP/1.1 400");
        }
        assertThat(getJson("/v1/status", 200).get("apiVersion").asText()).isEqualTo("v1"); // still serving
    }

    @Test
    void softResetSendsRouteRefreshAndHardResetSendsCease64() throws Exception {
        establish();
        Reply soft = send("POST", "/v1/peers/127.0.0.2/reset", null);
        assertThat(soft.status()).isEqualTo(200);
        assertThat(json.readTree(soft.body()).get("action").asText()).isEqualTo("route-refresh");
        await("ROUTE-REFRESH at B", () -> peer.peerStatus(A).orElseThrow().received().routeRefresh(), n -> n >= 2);

        Reply hard = send("POST", "/v1/peers/127.0.0.2/reset", "{\"hard\": true, \"message\": \"testing resets\"}");
        assertThat(hard.status()).isEqualTo(200);
        assertThat(json.readTree(hard.body()).get("action").asText()).isEqualTo("hard-reset");
        var received = await("Cease at B", () -> peer.peerStatus(A).orElseThrow().lastNotificationReceived(),
                Optional::isPresent).orElseThrow();
        assertThat(received.code()).isEqualTo(6);
        assertThat(received.subcode()).isEqualTo(4);
        assertThat(received.shutdownMessage()).contains("testing resets");
        await("re-established", () -> agent.peerStatus(B).orElseThrow(),
                s -> s.state() == SessionState.ESTABLISHED && s.flaps() == 1);
        JsonNode p = getJson("/v1/peers/127.0.0.2", 200);
        assertThat(p.get("lastNotificationSent").get("description").asText()).contains("administrative reset");
        assertThat(p.get("lastNotificationSent").get("shutdownMessage").asText()).isEqualTo("testing resets");
        assertThat(getJson("/v1/peers/127.0.0.9", 404).get("error").asText()).isEqualTo("unknown peer");
        assertThat(send("POST", "/v1/peers/127.0.0.9/reset", null).status()).isEqualTo(404);
    }

    @Test
    void metricsAreCollectedAtScrapeTimeInPrometheusTextFormat() throws Exception {
        establish();
        Reply m = send("GET", "/metrics", null);
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.contentType()).startsWith("text/plain; version=0.0.4");
        List<String> lines = m.body().lines().toList();
        // Every non-comment line is NAME{LABELS} VALUE, the text format's sample line.
        assertThat(lines.stream().filter(l -> !l.startsWith("#") && !l.isBlank()))
                .allMatch(l -> l.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? \\S+"), "sample lines");
        assertThat(lines).contains(
                "# TYPE flatnet_bgp_session_state gauge",
                "flatnet_bgp_session_state{peer=\"127.0.0.2\",state=\"Established\"} 1.0",
                "flatnet_bgp_session_state{peer=\"127.0.0.2\",state=\"Idle\"} 0.0",
                "flatnet_bgp_session_established{peer=\"127.0.0.2\"} 1.0",
                "flatnet_bgp_messages_received_total{peer=\"127.0.0.2\",type=\"open\"} 1.0",
                "flatnet_bgp_messages_sent_total{peer=\"127.0.0.2\",type=\"open\"} 1.0",
                "flatnet_bgp_prefixes_received{peer=\"127.0.0.2\"} 1.0",
                "flatnet_bgp_prefixes_advertised{peer=\"127.0.0.2\"} 0.0",
                "flatnet_bgp_session_flaps_total{peer=\"127.0.0.2\"} 0.0",
                "# TYPE flatnet_bgp_messages_received_total counter",
                "flatnet_bgp_peers 1.0",
                "# TYPE flatnet_rib_prefixes gauge",
                "flatnet_rib_prefixes{family=\"ipv4\"} 1.0",
                "flatnet_rib_prefixes{family=\"ipv6\"} 0.0",
                "flatnet_rib_paths{family=\"ipv4\"} 1.0");
        assertThat(lines).anyMatch(l -> l.startsWith("jvm_memory_used_bytes{"));

        send("POST", "/v1/peers/127.0.0.2/reset", "{\"hard\": true}");
        await("notification counted", () -> {
            try {
                return send("GET", "/metrics", null).body();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, body -> body.contains("flatnet_bgp_notifications_sent_total{code=\"6\",peer=\"127.0.0.2\",subcode=\"4\"} 1.0")
                || body.contains("flatnet_bgp_notifications_sent_total{peer=\"127.0.0.2\",code=\"6\",subcode=\"4\"} 1.0"));
    }

    @Test
    void readyzFlipsWhenTheSessionEstablishes() throws Exception {
        assertThat(getJson("/readyz", 200).get("reason").asText()).isEqualTo("no BGP peers configured");
        agent.setPeers(Set.of(PeerConfig.builder(B, AS_B).port(peer.port()).sourceAddress(A).backoff(FAST).policy(PeerPolicy.defaults()).build()));
        JsonNode waiting = getJson("/readyz", 503);
        assertThat(waiting.get("status").asText()).isEqualTo("fail");
        assertThat(waiting.get("reason").asText()).startsWith("0 of 1 BGP sessions Established");
        JsonNode notRunning = getJson("/v1/peers/127.0.0.2", 200);
        assertThat(notRunning.get("state").asText()).isNotEqualTo("Established");

        peer.setPeers(Set.of(PeerConfig.builder(A, AS_A).port(agent.port()).sourceAddress(B).passive(true)
                .backoff(FAST).policy(PeerPolicy.defaults()).build()));
        await("ready", () -> {
            try {
                return send("GET", "/readyz", null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, r -> r.status() == 200);
        assertThat(getJson("/readyz", 200).get("reason").asText()).isEqualTo("1 of 1 BGP sessions Established");
        JsonNode live = getJson("/healthz", 200);
        assertThat(live.get("status").asText()).isEqualTo("ok");
        assertThat(getJson("/livez", 200).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void infoExplainsAPeerThatIsNotUp() throws Exception {
        // Nothing listens on 127.0.0.3:port: the connection is refused.
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.3"))) {
            closedPort = s.getLocalPort();
        }
        agent.setPeers(Set.of(PeerConfig.builder(IpAddress.parse("127.0.0.3"), AS_B).port(closedPort)
                .sourceAddress(A).backoff(FAST).policy(PeerPolicy.defaults()).build()));
        JsonNode p = await("refused", () -> {
            try {
                return getJson("/v1/peers/127.0.0.3", 200);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, n -> !n.get("lastError").isNull());
        assertThat(p.get("info").asText()).matches("(Idle|Connect|Active) Socket: Connection refused");
    }

    @Test
    void decommissionSendsCeaseWithTheMessageAndThenExits() throws Exception {
        establish();
        Reply r = send("POST", "/v1/decommission", "{\"message\": \"node drained\"}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("peersNotified").asInt()).isEqualTo(1);
        assertThat(body.get("message").asText()).isEqualTo("node drained");
        var received = await("Cease at B", () -> peer.peerStatus(A).orElseThrow().lastNotificationReceived(),
                Optional::isPresent).orElseThrow();
        assertThat(received.subcode()).isEqualTo(2);
        assertThat(received.shutdownMessage()).contains("node drained");
        await("exit called", exits::get, n -> n == 1);
    }

    static <T> T await(String what, Supplier<T> probe, Predicate<T> ok) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (ok.test(last)) {
                return last;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
    }
}
