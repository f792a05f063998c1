package io.flatnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;

/** {@link FakeKubeApiServer} for tests in other packages. */
public final class FakeKubeApiServerAccess implements AutoCloseable {
    private final FakeKubeApiServer server;

    public FakeKubeApiServerAccess() throws IOException {
        server = new FakeKubeApiServer();
    }

    public String url() {
        return server.url();
    }

    public List<String> requests() {
        return List.copyOf(server.requests);
    }

    public long statusPuts() {
        return server.requests.stream().filter(r -> r.startsWith("PUT " + FakeKubeApiServer.STATUSES)
                && r.contains("/status")).count();
    }

    public JsonNode status(String node) {
        return server.get(FakeKubeApiServer.STATUSES, node);
    }

    public void createStatus(String node) {
        var o = server.json.createObjectNode();
        o.with("metadata").put("name", node);
        server.put(FakeKubeApiServer.STATUSES, o);
    }

    @Override
    public void close() {
        server.close();
    }
}
