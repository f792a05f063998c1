package io.flatnet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** Talks to the agent's API; every failure becomes a {@link CliException} that says what to check. */
final class ApiClient {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    ApiClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    <T> T get(String path, Class<T> type) {
        return send(HttpRequest.newBuilder(resolve(path)).GET(), type);
    }

    <T> T post(String path, Object body, Class<T> type) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return send(HttpRequest.newBuilder(resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), type);
    }

    private URI resolve(String path) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
    }

    private <T> T send(HttpRequest.Builder request, Class<T> type) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw notRunning("connection timed out");
        } catch (ConnectException e) {
            throw notRunning(e.getMessage() == null || e.getMessage().isBlank() ? "Connection refused" : e.getMessage());
        } catch (HttpTimeoutException e) {
            throw new CliException(1, "the flatnet agent at " + authority() + " did not answer within "
                    + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new CliException(1, "talking to the flatnet agent at " + authority() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(1, "interrupted");
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            String detail;
            try {
                ApiDocs.Error error = json.readValue(response.body(), ApiDocs.Error.class);
                detail = error.detail() != null ? error.detail() : error.error();
            } catch (IOException | RuntimeException e) {
                detail = "HTTP " + status;
            }
            throw new CliException(1, detail);
        }
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw new CliException(1, "the agent at " + authority() + " answered with JSON this flatnetctl does not"
                    + " understand (is it a flatnet agent of another version?): " + e.getMessage());
        }
    }

    private String authority() {
        return base.getAuthority() != null ? base.getAuthority() : base.toString();
    }

    private CliException notRunning(String why) {
        return new CliException(1, "flatnet process is not running: cannot connect to " + authority() + " (" + why
                + ")");
    }
}
