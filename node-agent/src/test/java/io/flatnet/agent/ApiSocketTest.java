package io.flatnet.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.agent.api.ApiServer;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.LargeCommunity;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.SpeakerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API on its default transport, a Unix socket (here in a temporary directory): the socket
 * file's life (directory 0755, socket 0660, a stale one replaced, a live one refused, removed on
 * close), the metrics-and-health-only TCP port, and {@code /v1/advertisements}.
 */
class ApiSocketTest {
    @TempDir
    Path dir;

    private BgpSpeaker speaker;
    private RunningAgent agent;

    @BeforeEach
    void start() {
        speaker = BgpSpeaker.start(SpeakerConfig.of(AgentApiTest.AS_A, RouterId.parse("1.1.1.1")).withoutListener()
                .withIoThreads(1));
        Set<Advertisement> ads = Set.of(Advertisement.of("10.244.1.0/24"), new Advertisement(
                IpPrefix.parse("fd00:10:244:1::/64"), List.of(Community.of(64512, 100)),
                List.of(new LargeCommunity(64512, 1, 2))));
        speaker.setAdvertisements(ads);
        agent = new RunningAgent(speaker, RunningAgent.nodeInfo(speaker, Optional.of("node-a"), "command line",
                Instant.now()), Optional::empty, Optional::empty, () -> {}).withCommandLineAdvertisements(ads);
    }

    @AfterEach
    void stop() {
        speaker.close();
    }

    private ApiServer serve(Path socket) {
        return ApiServer.start(agent, agent, new ApiServer.Options(Optional.of(new InetSocketAddress("127.0.0.1", 0)),
                Optional.of(socket), Duration.ofSeconds(30), false));
    }

    /** One request over the socket with Connection: close; the whole answer as text. */
    static String request(Path socket, String target) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            return new String(java.nio.channels.Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void socketIsMadeWithItsDirectoryAndRemovedOnClose() throws Exception {
        Path socket = dir.resolve("run/flatnet/flatnet.sock");
        try (ApiServer api = serve(socket)) {
            assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
            assertThat(Files.getPosixFilePermissions(socket.getParent()))
                    .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
            String status = request(socket, "/v1/status");
            assertThat(status).startsWith("HTTP/1.1 200 OK\r\n").contains("\"nodeName\" : \"node-a\"")
                    .containsPattern("\"version\" : \"\\d+\\.\\d+\\.\\d+[^\"]*\"");
            assertThat(request(socket, "/readyz")).startsWith("HTTP/1.1 200 OK\r\n");
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void aStaleSocketIsReplacedAndALiveOneRefused() throws Exception {
        Path socket = dir.resolve("flatnet.sock");
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket)); // closed without unlinking: a crashed agent's file
        }
        assertThat(socket).exists();
        try (ApiServer api = serve(socket)) {
            assertThat(request(socket, "/livez")).startsWith("HTTP/1.1 200 OK\r\n");
            assertThatThrownBy(() -> serve(socket)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot start the API: " + socket + " another flatnet agent is serving this socket;"
                            + " stop it first or choose another --api-socket");
            // the refused second server left the first one's socket alone
            assertThat(request(socket, "/livez")).startsWith("HTTP/1.1 200 OK\r\n");
        }
    }

    @Test
    void aFileThatIsNotASocketIsNotReplaced() throws Exception {
        Path notSocket = dir.resolve("flatnet.sock");
        Files.writeString(notSocket, "precious");
        assertThatThrownBy(() -> serve(notSocket)).hasMessage("cannot start the API: " + notSocket
                + " exists and is not a socket; remove it or choose another --api-socket");
        assertThat(notSocket).hasContent("precious");
    }

    @Test
    void theTcpPortServesMetricsAndHealthButNotTheApi() throws Exception {
        try (ApiServer api = serve(dir.resolve("flatnet.sock"))) {
            URI base = URI.create("http://127.0.0.1:" + api.tcpAddress().orElseThrow().getPort());
            HttpClient http = HttpClient.newHttpClient();
            for (String ok : List.of("/metrics", "/livez", "/healthz", "/readyz")) {
                assertThat(http.send(HttpRequest.newBuilder(base.resolve(ok)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).as(ok).isEqualTo(200);
            }
            HttpResponse<String> v1 = http.send(HttpRequest.newBuilder(base.resolve("/v1/peers")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(v1.statusCode()).isEqualTo(404);
            assertThat(v1.body()).contains("this TCP port serves /metrics, /livez, /healthz and /readyz only; the API"
                    + " is on the agent's Unix socket (flatnetctl --socket, default /run/flatnet/flatnet.sock), or start"
                    + " the agent with --api-listen");
        }
    }

    @Test
    void advertisementsListTheNodesOwnPrefixes() throws Exception {
        Path socket = dir.resolve("flatnet.sock");
        try (ApiServer api = serve(socket)) {
            String answer = request(socket, "/v1/advertisements");
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            assertThat(doc.get("advertisements")).hasSize(2);
            var v4 = doc.get("advertisements").get(0);
            assertThat(v4.get("prefix").asText()).isEqualTo("10.244.1.0/24");
            assertThat(v4.get("family").asText()).isEqualTo("ipv4");
            assertThat(v4.get("source").asText()).isEqualTo("command-line");
            assertThat(v4.get("communities")).isEmpty();
            var v6 = doc.get("advertisements").get(1);
            assertThat(v6.get("prefix").asText()).isEqualTo("fd00:10:244:1::/64");
            assertThat(v6.get("family").asText()).isEqualTo("ipv6");
            assertThat(v6.get("communities").get(0).asText()).isEqualTo("64512:100");
            assertThat(v6.get("largeCommunities").get(0).asText()).isEqualTo("64512:1:2");
            assertThat(request(socket, "/v1/routes?prefix=10.1.2.300/24")).startsWith("HTTP/1.1 400 ")
                    .contains("prefix '10.1.2.300/24' is not a CIDR prefix");
        }
    }
}
