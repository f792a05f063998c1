package io.flatnet.k8s.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flatnet.k8s.FakeKubeApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link NodeStatusWriter} against the fake API server over HTTP. */
class NodeStatusWriterTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private FakeKubeApiServer api;
    private NodeStatusWriter writer;

    @BeforeEach
    void setUp() throws Exception {
        api = new FakeKubeApiServer();
        ApiClient client = new ClientBuilder().setBasePath(api.url()).build();
        writer = new NodeStatusWriter(client, "node-1", Duration.ofMillis(800));
    }

    @AfterEach
    void tearDown() {
        writer.close();
        api.close();
    }

    private static NodeStatus status(String state, long received, Optional<String> error) {
        return new NodeStatus(List.of(new NodeStatus.Peer("192.168.10.1", state, T0),
                new NodeStatus.Peer("192.168.10.12", "Established", T0)),
                new NodeStatus.RouteCounts(3, received, received), error);
    }

    private void awaitPuts(long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (api.statusPuts() < n) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void createsThenUpdatesOnlyOnChangeAndAtMostOncePerInterval() throws Exception {
        writer.offer(status("Active", 0, Optional.empty()));
        awaitPuts(1);
        assertThat(api.requests).filteredOn(r -> r.startsWith("POST")).hasSize(1);
        JsonNode stored = api.get(FakeKubeApiServer.STATUSES, "node-1");
        assertThat(stored.path("status").path("peers").get(0).path("state").asText()).isEqualTo("Active");
        assertThat(stored.path("status").path("peers").get(0).path("since").asText()).isEqualTo("2026-01-01T00:00:00Z");

        // the same status again: nothing written
        writer.offer(status("Active", 0, Optional.empty()));
        Thread.sleep(1200);
        assertThat(api.statusPuts()).isEqualTo(1);

        // three changes in a row after a quiet period: the first is written at once, the other two
        // are folded into one write, with the last of them, once the interval has passed
        writer.offer(status("Established", 5, Optional.empty()));
        awaitPuts(2);
        long second = System.nanoTime();
        assertThat(api.get(FakeKubeApiServer.STATUSES, "node-1").path("status").path("routes").path("received").asLong()).isEqualTo(5);
        writer.offer(status("Established", 7, Optional.empty()));
        writer.offer(status("Established", 9, Optional.of("kernel route 10.244.2.0/24: EEXIST")));
        Thread.sleep(500);
        assertThat(api.statusPuts()).as("rate limited").isEqualTo(2);
        awaitPuts(3);
        assertThat(System.nanoTime() - second).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(700));
        Thread.sleep(1200);
        assertThat(api.statusPuts()).isEqualTo(3);
        assertThat(api.requests).filteredOn(r -> r.startsWith("POST")).hasSize(1);
        stored = api.get(FakeKubeApiServer.STATUSES, "node-1");
        assertThat(stored.path("status").path("routes").path("received").asLong()).isEqualTo(9);
        assertThat(stored.path("status").path("lastError").asText()).contains("EEXIST");
        assertThat(stored.path("status").path("peers").get(0).path("state").asText()).isEqualTo("Established");
        assertThat(writer.writes()).isEqualTo(4); // create + three status updates
    }

    @Test
    void anExistingObjectIsUpdatedNotCreated() throws Exception {
        api.createStatus("node-1");
        writer.offer(status("Established", 1, Optional.empty()));
        awaitPuts(1);
        assertThat(api.requests).filteredOn(r -> r.startsWith("POST")).isEmpty();
        assertThat(api.get(FakeKubeApiServer.STATUSES, "node-1").path("status").path("routes").path("received").asLong()).isEqualTo(1);
    }
}
