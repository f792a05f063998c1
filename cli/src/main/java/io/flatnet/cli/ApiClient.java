package io.flatnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Talks to the agent's API over its Unix socket or over TCP; every failure becomes a
 * {@link CliException} of one line that says what to check.
 */
final class ApiClient {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A status and a body, whatever the status. */
    record Answer(int status, byte[] body) {}

    /** How requests reach the agent. */
    private interface Transport {
        Answer exchange(String method, String path, byte[] body);
    }

    private final Transport transport;
    private final String where;
    private final ObjectMapper json = new ObjectMapper();

    private ApiClient(Transport transport, String where) {
        this.transport = transport;
        this.where = where;
    }

    /** Over TCP: {@code http://HOST:PORT}. */
    ApiClient(URI base) {
        this(tcp(base), base.getAuthority() != null ? base.getAuthority() : base.toString());
    }

    /** Over the agent's Unix domain socket. */
    static ApiClient socket(Path socket) {
        return new ApiClient((method, path, body) -> unix(socket, method, path, body), socket.toString());
    }

    <T> T get(String path, Class<T> type) {
        return parse(checked(transport.exchange("GET", path, null)), type);
    }

    /** The document as the agent sent it, for {@code -o json|yaml}: fields this CLI does not know included. */
    JsonNode getTree(String path) {
        return parse(checked(transport.exchange("GET", path, null)), JsonNode.class);
    }

    /** A document from {@link #getTree} as one of {@link ApiDocs}' records. */
    <T> T convert(JsonNode tree, Class<T> type) {
        try {
            return json.treeToValue(tree, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(1, "the agent at " + where + " answered with JSON this flatnetctl does not"
                    + " understand (is it a flatnet agent of another version?): " + firstLine(e.getMessage()));
        }
    }

    /** A GET whose status matters to the caller (health endpoints answer 503 with a reason). */
    Answer raw(String path) {
        return transport.exchange("GET", path, null);
    }

    <T> T post(String path, Object body, Class<T> type) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return parse(checked(transport.exchange("POST", path, bytes)), type);
    }

    private byte[] checked(Answer answer) {
        int status = answer.status();
        if (status / 100 != 2) {
            String detail;
            try {
                ApiDocs.Error error = json.readValue(answer.body(), ApiDocs.Error.class);
                detail = error.detail() != null ? error.detail() : error.error();
            } catch (IOException | RuntimeException e) {
                detail = "HTTP " + status;
            }
            throw new CliException(1, detail == null ? "HTTP " + status : detail);
        }
        return answer.body();
    }

    private <T> T parse(byte[] body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new CliException(1, "the agent at " + where + " answered with JSON this flatnetctl does not"
                    + " understand (is it a flatnet agent of another version?): " + firstLine(e.getMessage()));
        }
    }

    // --- transports ---

    private static Transport tcp(URI base) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                .version(HttpClient.Version.HTTP_1_1).build();
        String authority = base.getAuthority() != null ? base.getAuthority() : base.toString();
        String b = base.toString();
        String root = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        return (method, path, body) -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path)).timeout(TIMEOUT);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            }
            try {
                HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new Answer(r.statusCode(), r.body());
            } catch (HttpConnectTimeoutException e) {
                throw notRunningTcp(authority, "connection timed out");
            } catch (ConnectException e) {
                throw notRunningTcp(authority, e.getMessage() == null || e.getMessage().isBlank()
                        ? "Connection refused" : e.getMessage());
            } catch (HttpTimeoutException e) {
                throw new CliException(1, "the flatnet agent at " + authority + " did not answer within "
                        + TIMEOUT.toSeconds() + " s");
            } catch (IOException e) {
                throw new CliException(1, "talking to the flatnet agent at " + authority + " failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(1, "interrupted");
            }
        };
    }

    private static CliException notRunningTcp(String authority, String why) {
        return new CliException(1, "flatnet process is not running: cannot connect to " + authority + " (" + why + ")");
    }

    private static Answer unix(Path socket, String method, String path, byte[] body) {
        try {
            UnixSocketHttp.Response r = UnixSocketHttp.exchange(socket, method, path, body, "application/json",
                    TIMEOUT);
            return new Answer(r.status(), r.body());
        } catch (UnixSocketHttp.TimeoutException e) {
            throw new CliException(1, "the flatnet agent on " + socket + " did not answer within "
                    + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw socketFailure(socket, e);
        }
    }

    /** What a failure on the socket means to the operator. */
    static CliException socketFailure(Path socket, IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (message.contains("permission denied") || e instanceof java.nio.file.AccessDeniedException) {
            return new CliException(1, "permission denied on " + socket + " (run as root or a member of its group)");
        }
        if (message.contains("no such file") || !Files.exists(socket)) {
            return new CliException(1, "flatnet process is not running: no socket at " + socket
                    + " (is the agent started? see --socket)");
        }
        if (e instanceof ConnectException || message.contains("connection refused")) {
            return new CliException(1, "flatnet process is not running: nothing accepts connections on " + socket
                    + " (a socket left by an agent that exited? see --socket)");
        }
        if (e instanceof SocketException && message.contains("not a directory")) {
            return new CliException(1, "flatnet process is not running: no socket at " + socket
                    + " (is the agent started? see --socket)");
        }
        return new CliException(1, "talking to the flatnet agent on " + socket + " failed: " + firstLine(e.toString()));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
