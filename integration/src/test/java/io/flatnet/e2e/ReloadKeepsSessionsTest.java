package io.flatnet.e2e;

import static io.flatnet.e2e.FlatnetctlAgentTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flatnet.agent.FlatnetMain;
import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.SpeakerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reload over real TCP sessions: the agent (its main command, in a thread, configured from a file)
 * peers with two speakers on loopback; an edit of the file that changes one BGPPeer resets that
 * session alone, and the other keeps its session: same {@code since}, an uptime that kept
 * counting, no flap and no NOTIFICATION on either side. Read through {@code flatnetctl}, as an
 * operator would.
 */
class ReloadKeepsSessionsTest {
    static final IpAddress AGENT = IpAddress.parse("127.0.0.1");
    static final IpAddress KEPT = IpAddress.parse("127.0.0.2");
    static final IpAddress CHANGED = IpAddress.parse("127.0.0.3");

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aChangedPeerIsResetAndTheOtherSessionKeepsItsUptime(@TempDir Path tmp) throws Exception {
        int agentPort = freePort();
        int apiPort = freePort();
        String api = "http://127.0.0.1:" + apiPort;
        try (BgpSpeaker kept = passivePeer(KEPT, 65001, agentPort);
                BgpSpeaker changed = passivePeer(CHANGED, 65002, agentPort)) {
            Path file = tmp.resolve("flatnet.yaml");
            Files.writeString(file, config(agentPort, kept.port(), changed.port(), "20s"));

            StringWriter agentErr = new StringWriter();
            CompletableFuture<Integer> agent = new CompletableFuture<>();
            String[] args = {"--config", file.toString(), "--node-name", "node-1", "--api-listen",
                    "127.0.0.1:" + apiPort, "--no-api-socket", "--no-kernel"};
            Thread.ofPlatform().name("agent-under-test").start(() -> agent.complete(
                    FlatnetMain.commandLine(new PrintWriter(agentErr, true)).execute(args)));
            try {
                await("both sessions up", () -> peers(api),
                        p -> p.size() == 2 && p.findValues("state").stream().allMatch(s -> s.asText().equals("Established")));
                PeerStatus keptBefore = kept.peerStatus(AGENT).orElseThrow();
                JsonNode keptApiBefore = peer(api, KEPT);
                JsonNode changedApiBefore = peer(api, CHANGED);
                assertThat(changedApiBefore.get("holdTimeSeconds").asLong()).isEqualTo(60);
                Thread.sleep(2100); // long enough that a reset would show in whole-second uptimes

                // Only the second BGPPeer changes: keepalive 20s -> 10s, so the hold time it offers, 60 s -> 30 s.
                Files.writeString(file, config(agentPort, kept.port(), changed.port(), "10s"));
                await("reload applied", () -> status(api),
                        s -> !s.get("lastReload").isNull() && s.get("lastReload").get("result").asText().equals("applied"));
                // A changed peer is a new peer to the speaker: a new session with its own counters.
                JsonNode changedAfter = await("changed peer reset and back", () -> peer(api, CHANGED),
                        p -> p.path("state").asText().equals("Established")
                                && !p.get("since").asText().equals(changedApiBefore.get("since").asText()));
                assertThat(changedAfter.get("holdTimeSeconds").asLong()).isEqualTo(30);
                assertThat(Instant.parse(changedAfter.get("since").asText()))
                        .isAfter(Instant.parse(changedApiBefore.get("since").asText()));
                assertThat(changed.peerStatus(AGENT).orElseThrow().lastNotificationReceived()).as("Cease at the peer")
                        .get().satisfies(n -> {
                            assertThat(n.code()).isEqualTo(6);
                            assertThat(n.subcode()).as("other configuration change").isEqualTo(6);
                        });
                assertThat(changed.peerStatus(AGENT).orElseThrow().flaps()).isEqualTo(1);

                JsonNode keptAfter = peer(api, KEPT);
                assertThat(keptAfter.get("state").asText()).isEqualTo("Established");
                assertThat(keptAfter.get("since").asText()).as("the kept session's since")
                        .isEqualTo(keptApiBefore.get("since").asText());
                assertThat(keptAfter.get("uptimeSeconds").asLong()).as("the kept session's uptime kept counting")
                        .isGreaterThanOrEqualTo(keptApiBefore.get("uptimeSeconds").asLong() + 2)
                        .isGreaterThan(changedAfter.get("uptimeSeconds").asLong());
                assertThat(keptAfter.get("flaps").asLong()).isZero();
                assertThat(keptAfter.get("lastNotificationSent").isNull()).isTrue();
                assertThat(keptAfter.get("messages").get("sent").get("open").asLong()).isEqualTo(1);

                // The kept peer's own view agrees: one session all along.
                PeerStatus keptNow = kept.peerStatus(AGENT).orElseThrow();
                assertThat(keptNow.state()).isEqualTo(SessionState.ESTABLISHED);
                assertThat(keptNow.since()).isEqualTo(keptBefore.since());
                assertThat(keptNow.uptime()).isGreaterThan(keptBefore.uptime());
                assertThat(keptNow.flaps()).isZero();
                assertThat(keptNow.lastNotificationReceived()).isEmpty();

                // flatnetctl node status shows both up.
                FlatnetctlAgentTest.Result status = FlatnetctlAgentTest.ctl(api, "node", "status");
                assertThat(status.out()).containsPattern("\\| 127\\.0\\.0\\.2 +\\| global +\\| up +\\|")
                        .containsPattern("\\| 127\\.0\\.0\\.3 +\\| global +\\| up +\\|");
            } finally {
                FlatnetctlAgentTest.Result gone = FlatnetctlAgentTest.ctl(api, "decommission", "--message", "done",
                        "--yes");
                assertThat(gone.code()).as(gone.err() + agentErr).isZero();
                assertThat(agent.get(30, TimeUnit.SECONDS)).isZero();
            }
        }
    }

    private static String config(int agentPort, int keptPort, int changedPort, String changedKeepalive) {
        return """
                apiVersion: flatnet.io/v1
                kind: BGPConfiguration
                metadata: {name: default}
                spec: {asNumber: 64512, listenPort: %d, bindMode: NodeIP}
                ---
                apiVersion: flatnet.io/v1
                kind: Node
                metadata: {name: node-1}
                spec: {bgp: {ipv4Address: 127.0.0.1/8}, podCIDRs: [10.244.1.0/24]}
                ---
                apiVersion: flatnet.io/v1
                kind: BGPPeer
                metadata: {name: kept}
                spec: {peerIP: "127.0.0.2:%d", asNumber: 65001, keepaliveTime: 20s}
                ---
                apiVersion: flatnet.io/v1
                kind: BGPPeer
                metadata: {name: changed}
                spec: {peerIP: "127.0.0.3:%d", asNumber: 65002, keepaliveTime: %s}
                """.formatted(agentPort, keptPort, changedPort, changedKeepalive);
    }

    private static BgpSpeaker passivePeer(IpAddress address, long asn, int agentPort) {
        BgpSpeaker s = BgpSpeaker.start(SpeakerConfig.of(Asn.of(asn), RouterId.parse(address.toString()))
                .withListen(List.of(address), 0).withIoThreads(1));
        s.setPeers(Set.of(PeerConfig.builder(AGENT, Asn.of(64512)).port(agentPort).passive(true)
                .backoff(new ConnectRetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                .policy(PeerPolicy.defaults()).build()));
        return s;
    }

    private JsonNode peers(String api) {
        return tree(FlatnetctlAgentTest.ctl(api, "get", "peers", "-o", "json")).path("peers");
    }

    private JsonNode peer(String api, IpAddress address) {
        return tree(FlatnetctlAgentTest.ctl(api, "get", "peers", address.toString(), "-o", "json"));
    }

    private JsonNode status(String api) {
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            return json.readTree(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api + "/v1/status"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode tree(FlatnetctlAgentTest.Result r) {
        try {
            return r.code() == 0 ? json.readTree(r.out()) : json.createObjectNode();
        } catch (Exception e) {
            throw new IllegalStateException(r.out(), e);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
