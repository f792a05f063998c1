package io.flatnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Unix-socket HTTP client against a stub server on a JDK {@link ServerSocketChannel} bound to
 * a socket in a temporary directory: each test decides the raw bytes the server answers with.
 */
class UnixSocketHttpTest {
    @TempDir
    Path dir;

    private ServerSocketChannel server;
    private Thread acceptor;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    /** Serves every connection with {@code answer(request)}, then closes it. */
    private Path serve(Function<String, String> answer) throws IOException {
        Path socket = dir.resolve("stub.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = Thread.ofPlatform().daemon().start(() -> {
            while (server.isOpen()) {
                try (SocketChannel c = server.accept()) {
                    String request = readRequest(c);
                    requests.add(request);
                    String reply = answer.apply(request);
                    if (reply != null) {
                        c.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)));
                    } else {
                        Thread.sleep(5000); // never answer
                    }
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });
        return socket;
    }

    /** The head and, when it says Content-Length, the body. */
    private static String readRequest(SocketChannel c) throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(1024);
        while (true) {
            String s = in.toString(StandardCharsets.UTF_8);
            int end = s.indexOf("\r\n\r\n");
            if (end >= 0) {
                int length = 0;
                for (String line : s.substring(0, end).split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).strip());
                    }
                }
                if (s.length() >= end + 4 + length) {
                    return s;
                }
            }
            b.clear();
            if (c.read(b) < 0) {
                return in.toString(StandardCharsets.UTF_8);
            }
            in.write(b.array(), 0, b.position());
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
            acceptor.join(2000);
        }
    }

    private static UnixSocketHttp.Response get(Path socket, String target) throws IOException {
        return UnixSocketHttp.exchange(socket, "GET", target, null, null, Duration.ofSeconds(5));
    }

    @Test
    void contentLengthBody() throws Exception {
        Path socket = serve(r -> "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n"
                + "\r\n{\"a\": 1}\n\nextra bytes are not read");
        UnixSocketHttp.Response r = get(socket, "/v1/status?x=1");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\": 1}\n\ne");
        assertThat(requests.getFirst()).startsWith("GET /v1/status?x=1 HTTP/1.1\r\n")
                .contains("Host: localhost\r\n", "Connection: close\r\n").endsWith("\r\n\r\n");
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailers() throws Exception {
        Path socket = serve(r -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n7;ext=1\r\n, world\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n");
        assertThat(new String(get(socket, "/").body(), StandardCharsets.UTF_8)).isEqualTo("hello, world0123456789");
    }

    @Test
    void bodyUntilCloseAndInterimAnswersSkipped() throws Exception {
        Path socket = serve(r -> "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 503 Service Unavailable\r\n\r\nnot ready");
        UnixSocketHttp.Response r = get(socket, "/readyz");
        assertThat(r.status()).isEqualTo(503);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("not ready");
    }

    @Test
    void postSendsItsBodyWithContentLength() throws Exception {
        Path socket = serve(r -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        byte[] body = "{\"hard\":true}".getBytes(StandardCharsets.UTF_8);
        UnixSocketHttp.Response r = UnixSocketHttp.exchange(socket, "POST", "/v1/peers/10.0.0.2/reset", body,
                "application/json", Duration.ofSeconds(5));
        assertThat(r.status()).isEqualTo(200);
        assertThat(requests.getFirst()).startsWith("POST /v1/peers/10.0.0.2/reset HTTP/1.1\r\n")
                .contains("Content-Type: application/json\r\n", "Content-Length: 13\r\n")
                .endsWith("\r\n\r\n{\"hard\":true}");
    }

    @Test
    void truncatedAndMalformedAnswersAreErrors() throws Exception {
        Path socket = serve(r -> switch (requests.size()) {
            case 1 -> "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort";
            case 2 -> "SSH-2.0-OpenSSH\r\n\r\n";
            case 3 -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
            default -> "";
        });
        assertThatThrownBy(() -> get(socket, "/")).hasMessage("the connection closed after 5 of 100 body bytes");
        assertThatThrownBy(() -> get(socket, "/")).hasMessage("not an HTTP/1.x answer: SSH-2.0-OpenSSH");
        assertThatThrownBy(() -> get(socket, "/")).hasMessage("bad chunk size: zz");
        assertThatThrownBy(() -> get(socket, "/")).hasMessage("the connection closed without an answer");
    }

    @Test
    void anAgentThatDoesNotAnswerTimesOut() throws Exception {
        Path socket = serve(r -> null);
        assertThatThrownBy(() -> UnixSocketHttp.exchange(socket, "GET", "/", null, null, Duration.ofMillis(300)))
                .isInstanceOf(UnixSocketHttp.TimeoutException.class).hasMessage("no answer within 300 ms");
    }

    // --- what flatnetctl says ---

    static FlatnetCtlTest.Result ctl(Path socket, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--socket";
        all[args.length + 1] = socket.toString();
        int code = FlatnetCtl.commandLine(new FlatnetCtl(FlatnetCtlTest.CLOCK), new PrintWriter(out, true),
                new PrintWriter(err, true)).execute(all);
        return new FlatnetCtlTest.Result(code, out.toString(), err.toString());
    }

    @Test
    void noSocketMeansTheAgentIsNotRunning() {
        Path socket = dir.resolve("run/flatnet/flatnet.sock");
        for (String[] command : List.of(new String[] {"node", "status"}, new String[] {"get", "peers", "-o", "json"},
                new String[] {"get", "routes", "--prefix", "10.1.2.0/24"}, new String[] {"health"},
                new String[] {"peer", "reset", "10.0.0.2"})) {
            FlatnetCtlTest.Result r = ctl(socket, command);
            assertThat(r.code()).as(String.join(" ", command)).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("flatnet process is not running: no socket at " + socket
                    + " (is the agent started? see --socket)\n");
        }
    }

    @Test
    void aSocketNobodyAcceptsOnIsAnAgentThatExited() throws Exception {
        Path socket = dir.resolve("stale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();
        FlatnetCtlTest.Result r = ctl(socket, "get", "peers");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("flatnet process is not running: nothing accepts connections on " + socket
                + " (a socket left by an agent that exited? see --socket)\n");
    }

    /** Root is never refused by file permissions, so the mapping is tested on the exceptions connect throws. */
    @Test
    void permissionDeniedSaysWhoMayConnect() throws Exception {
        Path socket = dir.resolve("flatnet.sock");
        Files.createFile(socket);
        String expected = "permission denied on " + socket + " (run as root or a member of its group)";
        assertThat(ApiClient.socketFailure(socket, new SocketException("Permission denied")).getMessage())
                .isEqualTo(expected);
        assertThat(ApiClient.socketFailure(socket, new AccessDeniedException(socket.toString())).getMessage())
                .isEqualTo(expected);
        assertThat(ApiClient.socketFailure(socket, new SocketException("Permission denied")).exitCode).isEqualTo(1);
    }

    @Test
    void socketAndApiTogetherIsAUsageError() {
        FlatnetCtlTest.Result r = FlatnetCtlTest.runAgainst("http://127.0.0.1:1", "--socket", "/x.sock", "node",
                "status");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("--socket and --api both name the agent; give one\n");
    }
}
