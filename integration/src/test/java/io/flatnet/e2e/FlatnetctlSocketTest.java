package io.flatnet.e2e;

import static io.flatnet.e2e.FlatnetctlAgentTest.A;
import static io.flatnet.e2e.FlatnetctlAgentTest.B;
import static io.flatnet.e2e.FlatnetctlAgentTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flatnet.agent.FlatnetMain;
import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.SpeakerConfig;
import io.flatnet.cli.FlatnetCtl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * flatnetctl over the agent's Unix socket, the default transport: the real agent (its main
 * command, in a thread) with its socket in a temporary directory, peering on loopback with a
 * speaker that advertises two prefixes; every {@code -o} format, {@code get routes --prefix},
 * {@code health}, {@code version}, and the one-line errors when no agent runs.
 */
class FlatnetctlSocketTest {
    private final ObjectMapper json = new ObjectMapper();

    record Result(int code, String out, String err) {}

    static Result ctl(Path socket, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--socket";
        all[args.length + 1] = socket.toString();
        int code = FlatnetCtl.commandLine(new FlatnetCtl(), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(all);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void everyCommandAndFormatOverTheSocket(@TempDir Path tmp) throws Exception {
        Path socket = tmp.resolve("run/flatnet/flatnet.sock");
        Result none = ctl(socket, "get", "peers");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).isEqualTo("flatnet process is not running: no socket at " + socket
                + " (is the agent started? see --socket)\n");

        int agentBgpPort = freePort();
        try (BgpSpeaker peer = BgpSpeaker.start(SpeakerConfig.of(Asn.of(64513), RouterId.parse("2.2.2.2"))
                .withListen(List.of(B), 0).withIoThreads(1))) {
            peer.setAdvertisements(Set.of(Advertisement.of("10.244.2.0/24"),
                    new Advertisement(IpPrefix.parse("10.1.2.0/24"), List.of(Community.of(64513, 7)), List.of())));
            peer.setPeers(Set.of(PeerConfig.builder(A, Asn.of(64512)).port(agentBgpPort).passive(true)
                    .backoff(new ConnectRetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                    .policy(PeerPolicy.defaults()).build()));

            StringWriter agentErr = new StringWriter();
            // Its own thread, not the common pool: the agent's liveness probe uses the common pool.
            CompletableFuture<Integer> agent = new CompletableFuture<>();
            String[] args = {"--asn", "64512", "--router-id", "1.1.1.1", "--listen",
                    "127.0.0.1", "--port", Integer.toString(agentBgpPort), "--peer",
                    B + ",as=64513,policy=defaults,port=" + peer.port(), "--advertise", "10.244.1.0/24",
                    "--api-socket", socket.toString(), "--metrics-listen", "127.0.0.1:0",
                    // this test runs in the root namespace: its routes must not reach the host's table
                    "--no-kernel"};
            Thread.ofPlatform().name("agent-under-test").start(() -> agent.complete(
                    FlatnetMain.commandLine(new PrintWriter(agentErr, true)).execute(args)));
            try {

                await("session up", () -> peer.peerStatus(A).map(PeerStatus::state).orElse(null),
                        s -> s == SessionState.ESTABLISHED);
                await("routes", () -> ctl(socket, "get", "routes", "-o", "json"),
                        r -> r.code() == 0 && r.out().contains("10.1.2.0/24") && r.out().contains("10.244.2.0/24"));
                assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
                assertThat(Files.getPosixFilePermissions(socket.getParent()))
                        .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));

                Result status = ctl(socket, "node", "status");
                assertThat(status.code()).as(status.err()).isZero();
                assertThat(status.out()).startsWith("flatnet process is running.\n").contains("| up ");

                // get peers: table (the old `peers` alias prints the same), wide, json, yaml
                Result table = ctl(socket, "get", "peers");
                assertThat(table.code()).as(table.err()).isZero();
                assertThat(table.out()).containsPattern("\\| PEER ADDRESS \\| +PEER TYPE +\\| +AS +\\| +STATE +\\|")
                        .containsPattern("\\| 127\\.0\\.0\\.2 +\\| command line \\| 64513 \\| Established \\|");
                assertThat(ctl(socket, "peers").out()).isEqualTo(table.out());
                Result wide = ctl(socket, "get", "peers", "-o", "wide");
                assertThat(wide.out()).contains("HOLD", "FAMILIES", "LAST ERROR").containsPattern("\\| ipv4,ipv6 +\\|");
                JsonNode peers = json.readTree(ctl(socket, "get", "peers", "-o", "json").out());
                assertThat(peers.get("peers").get(0).get("address").asText()).isEqualTo("127.0.0.2");
                assertThat(peers.get("peers").get(0).get("state").asText()).isEqualTo("Established");
                String yaml = ctl(socket, "get", "peers", "-o", "yaml").out();
                assertThat(yaml).startsWith("peers:\n").contains("- address: 127.0.0.2\n", "  state: Established\n");

                // get routes --prefix: the agent filters; the Loc-RIB view by default
                Result one = ctl(socket, "get", "routes", "--prefix", "10.1.2.0/24");
                assertThat(one.code()).as(one.err()).isZero();
                assertThat(one.out()).containsPattern("\\| 10\\.1\\.2\\.0/24 \\| best \\| 127\\.0\\.0\\.2 \\| 127\\.0\\.0\\.2 \\|"
                        + " 64513 +\\| igp +\\| the only path \\| ").doesNotContain("10.244.2.0/24");
                JsonNode routes = json.readTree(ctl(socket, "get", "routes", "--prefix", "10.1.2.0/24", "-o", "json").out());
                assertThat(routes.get("view").asText()).isEqualTo("loc-rib");
                assertThat(routes.get("routes")).hasSize(1);
                assertThat(routes.get("routes").get(0).get("bestReason").asText()).isEqualTo("only-path");
                assertThat(routes.get("routes").get(0).get("kernel").get("state").asText()).isEqualTo("disabled");
                assertThat(routes.get("routes").get(0).get("paths").get(0).get("communities"))
                        .extracting(JsonNode::asText).containsExactly("64513:7");
                assertThat(ctl(socket, "get", "routes", "-o", "wide", "--prefix", "10.1.2.0/24").out())
                        .contains("LOCAL PREF", "| command line |", "| 64513:7 ", "| only-path ");
                assertThat(ctl(socket, "get", "routes", "-o", "yaml", "--prefix", "10.1.2.0/24").out())
                        .contains("view: loc-rib\n", "- prefix: 10.1.2.0/24\n", "  - status: best\n",
                                "    peer: 127.0.0.2\n");
                assertThat(ctl(socket, "get", "routes", "--prefix", "10.244.1.0/24").out())
                        .containsPattern("\\| 10\\.244\\.1\\.0/24 \\| best \\| \\S+ +\\| this node \\|");
                assertThat(ctl(socket, "get", "routes", "--prefix", "10.9.9.0/24").out())
                        .isEqualTo("No routes in the Loc-RIB.\n");

                // --received: the Adj-RIB-In, as the peer sent it
                assertThat(ctl(socket, "get", "routes", "--received", "--prefix", "10.1.2.0/24").out())
                        .contains("| 10.1.2.0/24 | 127.0.0.2 | 127.0.0.2 | 64513 ", "64513:7");
                assertThat(ctl(socket, "get", "routes", "--received", "-o", "wide", "--prefix", "10.1.2.0/24").out())
                        .contains("LOCAL PREF", "| ipv4   |");
                assertThat(ctl(socket, "get", "routes", "--received", "-o", "yaml", "--prefix", "10.1.2.0/24").out())
                        .contains("view: received\n", "- peer: 127.0.0.2\n", "  prefix: 10.1.2.0/24\n");
                assertThat(ctl(socket, "get", "routes", "--received", "--prefix", "10.9.9.0/24").out())
                        .isEqualTo("No routes received.\n");
                Result badPrefix = ctl(socket, "get", "routes", "--prefix", "10.1.2.300/24");
                assertThat(badPrefix.code()).isEqualTo(1);
                assertThat(badPrefix.err()).startsWith("prefix '10.1.2.300/24' is not a CIDR prefix");

                // get advertisements
                Result ads = ctl(socket, "get", "advertisements");
                assertThat(ads.code()).as(ads.err()).isZero();
                assertThat(ads.out()).containsPattern("\\| 10\\.244\\.1\\.0/24 \\| command-line \\| -  +\\|");
                assertThat(ctl(socket, "get", "advertisements", "-o", "wide").out()).contains("| ipv4   | command-line |");
                JsonNode adsJson = json.readTree(ctl(socket, "get", "advertisements", "-o", "json").out());
                assertThat(adsJson.get("advertisements").get(0).get("prefix").asText()).isEqualTo("10.244.1.0/24");
                assertThat(ctl(socket, "get", "advertisements", "-o", "yaml").out())
                        .isEqualTo("advertisements:\n- prefix: 10.244.1.0/24\n  family: ipv4\n  source: command-line\n"
                                + "  communities: []\n  largeCommunities: []\n");
                assertThat(ctl(socket, "get", "peers", "-o", "xml").err()).contains("'xml' is not one of table, wide, json, yaml");

                // get config: the command-line mode's settings
                Result config = ctl(socket, "get", "config");
                assertThat(config.code()).as(config.err()).isZero();
                assertThat(config.out()).startsWith("Agent, configured from command line\n  AS 64512, router id 1.1.1.1\n")
                        .containsPattern("\\| 127\\.0\\.0\\.2 +\\| command line \\| 64513 \\| no +\\| - +\\| --peer +\\|")
                        .contains("| 10.244.1.0/24 | command-line |");
                assertThat(ctl(socket, "get", "config", "-o", "wide").out()).contains("RESTART TIME");
                JsonNode configJson = json.readTree(ctl(socket, "get", "config", "-o", "json").out());
                assertThat(configJson.get("bgp").get("asNumber").asLong()).isEqualTo(64512);
                assertThat(ctl(socket, "get", "config", "-o", "yaml").out()).startsWith("source: command line\n");

                Result health = ctl(socket, "health");
                assertThat(health.code()).as(health.out() + health.err()).isZero();
                assertThat(health.out()).startsWith("livez:  ok    event loops and the RIB answer\nreadyz: ok    ");

                Result version = ctl(socket, "version");
                assertThat(version.code()).isZero();
                assertThat(version.out()).matches("(?s)Client Version: +\\d+\\.\\d+\\.\\d+\\S*\nAPI Version: +v1\n"
                        + "Agent Version: +\\d+\\.\\d+\\.\\d+\\S*\n");

            } finally {
                Result gone = ctl(socket, "decommission", "--message", "socket e2e done", "--yes");
                assertThat(gone.code()).as(gone.err()).isZero();
                assertThat(agent.get(30, TimeUnit.SECONDS)).isZero();
            }
            assertThat(socket).doesNotExist();

            Result after = ctl(socket, "version");
            assertThat(after.code()).isZero();
            assertThat(after.out()).contains("Agent Version:   unavailable: flatnet process is not running: no socket at");
            Result sick = ctl(socket, "health");
            assertThat(sick.code()).isEqualTo(1);
            assertThat(sick.err()).startsWith("flatnet process is not running: no socket at ");
        }

        // A socket file nobody accepts on: an agent that crashed.
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        Result stale = ctl(socket, "node", "status");
        assertThat(stale.code()).isEqualTo(1);
        assertThat(stale.err()).isEqualTo("flatnet process is not running: nothing accepts connections on " + socket
                + " (a socket left by an agent that exited? see --socket)\n");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
