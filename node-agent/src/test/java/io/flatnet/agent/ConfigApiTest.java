package io.flatnet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flatnet.agent.api.AgentState;
import io.flatnet.agent.api.ApiServer;
import io.flatnet.agent.config.file.ConfigFileLoader;
import io.flatnet.agent.config.view.NodeView;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.SpeakerConfig;
import io.flatnet.reflector.PeerTemplate;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/config} over real HTTP: the node's computed view of a shared file (mesh, a global
 * eBGP peer, a route reflector client, service ranges), every password left out; and the
 * command-line mode's shorter document.
 */
class ConfigApiTest {
    private static final String FILE = """
            apiVersion: flatnet.io/v1
            kind: BGPConfiguration
            metadata: {name: default}
            spec:
              asNumber: 64512
              listenPort: 1179
              serviceClusterIPs: [{cidr: 10.96.0.0/12}]
              nodeMeshPassword: {inline: mesh-secret-1}
              logSeverityScreen: Warning
            ---
            apiVersion: flatnet.io/v1
            kind: Node
            metadata: {name: node-1}
            spec:
              bgp: {ipv4Address: 127.0.0.1/8, routeReflectorClusterID: 224.0.0.1}
              podCIDRs: [10.244.1.0/24]
            ---
            apiVersion: flatnet.io/v1
            kind: Node
            metadata: {name: node-2}
            spec:
              bgp: {ipv4Address: 127.0.0.2/8}
              podCIDRs: [10.244.2.0/24]
            ---
            apiVersion: flatnet.io/v1
            kind: BGPPeer
            metadata: {name: tor}
            spec: {peerIP: 127.0.0.9, asNumber: 65000, password: {inline: tor-secret-2}, ttlSecurity: 1}
            """;

    /** As {@code runQuick} parses {@code --peer ...,password=cli-secret-3 --listen-range ... --standalone-reflector}. */
    private static final AgentState.CommandLine COMMAND_LINE = new AgentState.CommandLine(List.of(
            PeerConfig.builder(IpAddress.parse("127.0.0.9"), Asn.of(65000)).passive(true).md5Password("cli-secret-3")
                    .holdTime(Duration.ofSeconds(30)).build(),
            PeerConfig.builder(IpAddress.parse("127.0.0.8"), Asn.of(64512)).passive(true).build()),
            List.of(PeerTemplate.clients("nodes", IpPrefix.parse("100.64.0.0/16"), Asn.of(64512)).withLimit(20)
                    .withMaxPrefixes(500).listenRange()),
            Optional.of("244.0.0.1"));

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theComputedViewWithPeerTypesAdvertisementsAndNoPasswords() throws Exception {
        NodeView view = NodeView.compute(ConfigFileLoader.parse("/etc/flatnet/flatnet.yaml", FILE), "node-1");
        List<String> bodies = get(view, "/v1/config", "/v1", "/v1/peers/127.0.0.2", "/v1/peers/127.0.0.9");
        String body = bodies.get(0);
        assertThat(body).doesNotContain("mesh-secret-1").doesNotContain("tor-secret-2");

        JsonNode c = json.readTree(body);
        assertThat(c.get("source").asText()).isEqualTo("file /etc/flatnet/flatnet.yaml");
        assertThat(c.get("nodeName").asText()).isEqualTo("node-1");
        JsonNode bgp = c.get("bgp");
        assertThat(bgp.get("asNumber").asLong()).isEqualTo(64512);
        assertThat(bgp.get("routerId").asText()).isEqualTo("127.0.0.1");
        assertThat(bgp.get("routeReflectorClusterId").asText()).isEqualTo("224.0.0.1");
        assertThat(bgp.get("listenPort").asInt()).isEqualTo(1179);
        assertThat(bgp.get("listenAddresses")).isEmpty();
        assertThat(bgp.get("logSeverity").asText()).isEqualTo("Warning");

        assertThat(c.get("peers")).extracting(p -> p.get("address").asText()).containsExactly("127.0.0.2", "127.0.0.9");
        JsonNode mesh = c.get("peers").get(0);
        assertThat(mesh.get("peerType").asText()).isEqualTo("node-to-node mesh");
        assertThat(mesh.get("peerNode").asText()).isEqualTo("node-2");
        assertThat(mesh.get("routeReflectorClient").asBoolean()).as("an iBGP peer without our cluster id").isTrue();
        assertThat(mesh.get("passwordSet").asBoolean()).isTrue();
        assertThat(mesh.get("port").asInt()).isEqualTo(1179);
        assertThat(mesh.get("gracefulRestartTimeSeconds").asLong()).isEqualTo(120);
        JsonNode tor = c.get("peers").get(1);
        assertThat(tor.get("peerType").asText()).isEqualTo("global");
        assertThat(tor.get("origin").asText()).isEqualTo("BGPPeer tor");
        assertThat(tor.get("asNumber").asLong()).isEqualTo(65000);
        assertThat(tor.get("routeReflectorClient").asBoolean()).as("eBGP").isFalse();
        assertThat(tor.get("passwordSet").asBoolean()).isTrue();
        assertThat(tor.get("ttlSecurityHops").asInt()).isEqualTo(1);
        assertThat(tor.get("nextHopMode").asText()).isEqualTo("Auto");
        assertThat(tor.get("families")).extracting(JsonNode::asText).contains("ipv4");

        assertThat(c.get("advertisements")).extracting(a -> a.get("prefix").asText() + " " + a.get("source").asText())
                .containsExactly("10.244.1.0/24 pod-cidr", "10.96.0.0/12 service-cluster-ips");
        assertThat(c.get("blackholes")).extracting(JsonNode::asText).containsExactly("10.244.1.0/24", "10.96.0.0/12");
        assertThat(c.get("warnings").isArray()).isTrue();

        assertThat(json.readTree(bodies.get(1)).get("endpoints").has("GET /v1/config")).isTrue();
        // The peers' own documents say the same about route reflection.
        assertThat(json.readTree(bodies.get(2)).get("routeReflectorClient").asBoolean()).isTrue();
        assertThat(json.readTree(bodies.get(3)).get("routeReflectorClient").asBoolean()).isFalse();
        assertThat(json.readTree(bodies.get(3)).get("peerType").asText()).isEqualTo("global");
    }

    @Test
    void theCommandLineModeShowsWhatTheAgentWasStartedWith() throws Exception {
        String body = get(null, "/v1/config").getFirst();
        assertThat(body).doesNotContain("cli-secret-3");
        JsonNode c = json.readTree(body);
        assertThat(c.get("source").asText()).isEqualTo("command line");
        assertThat(c.get("nodeName").isNull()).isTrue();
        assertThat(c.get("bgp").get("asNumber").asLong()).isEqualTo(64512);
        assertThat(c.get("bgp").get("routerId").asText()).isEqualTo("1.1.1.1");
        assertThat(c.get("bgp").get("routeReflectorClusterId").asText()).isEqualTo("244.0.0.1");
        assertThat(c.get("peers")).extracting(p -> p.get("address").asText()).containsExactly("127.0.0.8", "127.0.0.9");
        JsonNode withPassword = c.get("peers").get(1);
        assertThat(withPassword.get("peerType").asText()).isEqualTo("command line");
        assertThat(withPassword.get("origin").asText()).isEqualTo("--peer");
        assertThat(withPassword.get("passwordSet").asBoolean()).isTrue();
        assertThat(withPassword.get("asNumber").asLong()).isEqualTo(65000);
        assertThat(withPassword.get("passive").asBoolean()).isTrue();
        assertThat(withPassword.get("holdTimeSeconds").asLong()).isEqualTo(30);
        assertThat(withPassword.get("nextHopMode").asText()).isEqualTo("Auto");
        assertThat(c.get("peers").get(0).get("passwordSet").asBoolean()).isFalse();

        assertThat(c.get("listenRanges")).hasSize(1);
        JsonNode range = c.get("listenRanges").get(0);
        assertThat(range.get("name").asText()).isEqualTo("nodes");
        assertThat(range.get("cidrs")).extracting(JsonNode::asText).containsExactly("100.64.0.0/16");
        assertThat(range.get("asNumber").asLong()).isEqualTo(64512);
        assertThat(range.get("limit").asInt()).isEqualTo(20);
        assertThat(range.get("maxPrefixes").asLong()).isEqualTo(500);
        assertThat(range.get("routeReflectorClient").asBoolean()).isTrue();
    }

    /** Serves {@code view} (or, when null, a command-line agent with one peer) and GETs each of {@code paths}. */
    private List<String> get(NodeView view, String... paths) throws Exception {
        try (BgpSpeaker speaker = BgpSpeaker.start(SpeakerConfig.of(Asn.of(64512), RouterId.parse("1.1.1.1"))
                .withListen(List.of(IpAddress.parse("127.0.0.1")), 0).withIoThreads(1))) {
            if (view != null) {
                speaker.setPeers(view.peerConfigs()); // nothing answers them: they stay in Connect/Active
            } else {
                speaker.setPeers(Set.copyOf(COMMAND_LINE.peers()));
                speaker.setListenRanges(COMMAND_LINE.listenRanges());
                speaker.setAdvertisements(Set.of(Advertisement.of("10.244.9.0/24")));
            }
            RunningAgent agent = new RunningAgent(speaker, RunningAgent.nodeInfo(speaker,
                    Optional.ofNullable(view).map(NodeView::nodeName),
                    view == null ? "command line" : "file /etc/flatnet/flatnet.yaml", Instant.now()),
                    () -> Optional.ofNullable(view), Optional::empty, () -> { });
            if (view == null) {
                agent.withCommandLine(COMMAND_LINE);
            }
            ApiServer api = ApiServer.start(agent, agent, new ApiServer.Options(
                    Optional.of(new InetSocketAddress("127.0.0.1", 0)), Optional.empty(), Duration.ofSeconds(30)));
            try {
                URI base = URI.create("http://127.0.0.1:" + api.tcpAddress().orElseThrow().getPort());
                List<String> bodies = new java.util.ArrayList<>();
                for (String path : paths) {
                    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path))
                            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
                    bodies.add(r.body());
                }
                return bodies;
            } finally {
                api.close();
            }
        }
    }
}
