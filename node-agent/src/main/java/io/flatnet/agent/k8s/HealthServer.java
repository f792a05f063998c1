package io.flatnet.agent.k8s;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz} (the process answers) and {@code /readyz} (a configuration is applied) on
 * 127.0.0.1, for the DaemonSet's probes. A stopgap until the agent's API serves them.
 */
public final class HealthServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 9179;
    private final HttpServer server;

    public HealthServer(int port, BooleanSupplier ready) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 8);
        server.createContext("/healthz", ex -> reply(ex, 200, "ok"));
        server.createContext("/readyz", ex -> {
            boolean r = ready.getAsBoolean();
            reply(ex, r ? 200 : 503, r ? "ready" : "waiting for the first configuration from the cluster");
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange ex, int code, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(code, body.length);
        try (var out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
