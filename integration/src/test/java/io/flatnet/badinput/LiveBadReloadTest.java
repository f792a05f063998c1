package io.flatnet.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.agent.FlatnetMain;
import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.cli.FlatnetCtl;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.SpeakerConfig;
import io.flatnet.lab.Poll;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running agent (FlatnetMain, file mode, no kernel) peering with a speaker on loopback is given
 * broken edits of its configuration file one after another. Each is refused, and the session keeps
 * its Established time and its routes both ways; a good edit afterwards is applied, which shows
 * the watcher was still reading the file.
 */
class LiveBadReloadTest {
    static final String AGENT = "127.100.3.1";
    static final String PEER = "127.100.3.2";
    static final Duration PATIENCE = Duration.ofSeconds(20);
    static final Duration POLL = Duration.ofMillis(50);

    /** The good file, with one line replaced by each broken edit. */
    static String config(int listenPort, int peerPort, String peerAs, String podCidr) {
        return """
                apiVersion: flatnet.io/v1
                kind: BGPConfiguration
                metadata:
                  name: default
                spec:
                  asNumber: 64512
                  nodeToNodeMeshEnabled: false
                  listenPort: %d
                  bindMode: NodeIP
                ---
                apiVersion: flatnet.io/v1
                kind: Node
                metadata:
                  name: node-1
                spec:
                  bgp:
                    ipv4Address: %s/24
                  podCIDRs: [%s]
                ---
                apiVersion: flatnet.io/v1
                kind: BGPPeer
                metadata:
                  name: peer
                spec:
                  peerIP: %s:%d
                  asNumber: %s
                """.formatted(listenPort, AGENT, podCidr, PEER, peerPort, peerAs);
    }

    @Test
    void badEditsAreRefusedAndTheSessionStaysUp(@TempDir Path dir) throws Exception {
        int listenPort = freePort();
        Path file = dir.resolve("flatnet.yaml");
        try (BgpSpeaker peer = BgpSpeaker.start(SpeakerConfig.of(Asn.of(65009), RouterId.parse(PEER))
                .withListen(List.of(IpAddress.parse(PEER)), 0).withIoThreads(1))) {
            peer.setAdvertisements(Set.of(Advertisement.of("100.64.30.0/24")));
            peer.setPeers(Set.of(PeerConfig.builder(AGENT, 64512).port(listenPort).sourceAddress(IpAddress.parse(PEER))
                    .passive(true).backoff(new ConnectRetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                    .policy(PeerPolicy.defaults()).build()));
            Files.writeString(file, config(listenPort, peer.port(), "65009", "100.64.31.0/24"));
            StringWriter err = new StringWriter();
            int api = freePort();
            CompletableFuture<Integer> agent = CompletableFuture.supplyAsync(() -> FlatnetMain.commandLine(
                    new PrintWriter(err, true)).execute("--config", file.toString(), "--node-name", "node-1", "--no-kernel",
                    "--no-api-socket", "--api-listen", "127.0.0.1:" + api));
            try {
                IpAddress agentIp = IpAddress.parse(AGENT);
                PeerStatus up = Poll.until(PATIENCE, POLL, "session up", () -> peer.peerStatus(agentIp)
                        .filter(s -> s.state() == SessionState.ESTABLISHED), err::toString);
                awaitRoute(peer, agentIp, "100.64.31.0/24", err);

                // Each broken edit, and what the refusal the API reports must name.
                Map<String, String> brokenEdits = new LinkedHashMap<>();
                brokenEdits.put(config(listenPort, peer.port(), "65009x", "100.64.31.0/24"),
                        "document 3 (BGPPeer peer), line 26, spec.asNumber: '65009x' is not an AS number");
                brokenEdits.put(config(listenPort, peer.port(), "65009", "100.64.31.0/33"),
                        "document 2 (Node node-1), line 18, spec.podCIDRs[0]: '100.64.31.0/33' is not a CIDR");
                brokenEdits.put(config(listenPort, peer.port(), "65009", "100.64.31.0/24").replace("asNumber: 64512", "asNumber: -1"),
                        "document 1 (BGPConfiguration default), line 6, spec.asNumber: '-1' is not an AS number");
                brokenEdits.put(config(listenPort, peer.port(), "65009", "100.64.31.0/24").replace("kind: BGPPeer", "kind: BGPPeers"),
                        "document 3, line 21, kind: unknown kind 'BGPPeers'; did you mean 'BGPPeer'?");
                brokenEdits.put("apiVersion: flatnet.io/v1\nkind: [unclosed\n", "document 1, line 2: YAML syntax");
                for (Map.Entry<String, String> edit : brokenEdits.entrySet()) {
                    Files.writeString(file, edit.getKey());
                    String status = Poll.until(PATIENCE, POLL, "the API to report the refusal '" + edit.getValue() + "'",
                            () -> Optional.of(get(api, "/v1/status")).filter(b -> b.contains(edit.getValue())), err::toString);
                    assertThat(status).containsPattern("\"result\" *: *\"refused\"");
                    PeerStatus now = peer.peerStatus(agentIp).orElseThrow();
                    assertThat(now.state()).as("after a broken edit:\n" + edit.getKey()).isEqualTo(SessionState.ESTABLISHED);
                    assertThat(now.since()).as("Established since, after a broken edit").isEqualTo(up.since());
                    assertThat(now.flaps()).isEqualTo(up.flaps());
                    assertThat(route(peer, agentIp, "100.64.31.0/24")).as("the agent's route, after a broken edit").isPresent();
                }

                // A good edit is still picked up: the pod block changes, the session does not reset.
                Files.writeString(file, config(listenPort, peer.port(), "65009", "100.64.32.0/24"));
                awaitRoute(peer, agentIp, "100.64.32.0/24", err);
                assertThat(peer.peerStatus(agentIp).orElseThrow().since()).isEqualTo(up.since());
            } finally {
                StringWriter ignored = new StringWriter();
                FlatnetCtl.commandLine(new FlatnetCtl(), new PrintWriter(ignored, true), new PrintWriter(ignored, true))
                        .execute("decommission", "--message", "test done", "--yes", "--api", "http://127.0.0.1:" + api);
                assertThat(agent.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
            }
        }
    }

    private static void awaitRoute(BgpSpeaker s, IpAddress from, String prefix, StringWriter err) {
        Poll.until(PATIENCE, POLL, prefix + " from the agent", () -> route(s, from, prefix), err::toString);
    }

    private static Optional<?> route(BgpSpeaker s, IpAddress from, String prefix) {
        IpPrefix p = IpPrefix.parse(prefix);
        return s.receivedRoutes().routes(from, AddressFamily.IPV4_UNICAST).stream().filter(r -> r.prefix().equals(p)).findFirst();
    }

    private static String get(int port, String path) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
