package io.flatnet.k8s.status;

import io.flatnet.k8s.crd.FlatnetCrd;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this node's {@code BGPNodeStatus}: created when missing, then its {@code status}
 * subresource replaced. {@link #offer} may be called as often as the agent likes; a status equal
 * to the last one written is not written again, and writes are at least {@code minInterval} apart
 * (the latest status offered meanwhile is the one written). Failed writes are retried after
 * {@code minInterval}. All API calls run on one thread of its own.
 */
public final class NodeStatusWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeStatusWriter.class);

    private final CustomObjectsApi api;
    private final String nodeName;
    private final Duration minInterval;
    private final ScheduledExecutorService executor;
    // Fields below are touched only on the executor.
    private NodeStatus pending;
    private NodeStatus written;
    private boolean exists;
    private String resourceVersion;
    private long lastWriteNanos;
    private boolean everWritten;
    private ScheduledFuture<?> scheduled;
    private volatile long writes;

    public NodeStatusWriter(ApiClient client, String nodeName, Duration minInterval) {
        this.api = new CustomObjectsApi(client);
        this.nodeName = nodeName;
        this.minInterval = minInterval;
        this.executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("bgp-node-status").daemon().factory());
    }

    /** Asks for {@code status} to be written, now or once the rate limit allows. */
    public void offer(NodeStatus status) {
        executor.execute(() -> {
            pending = status;
            schedule();
        });
    }

    /** Successful writes (creates and status updates) so far. */
    public long writes() {
        return writes;
    }

    private void schedule() {
        if (pending == null || pending.equals(written) || (scheduled != null && !scheduled.isDone())) {
            return;
        }
        long due = everWritten ? lastWriteNanos + minInterval.toNanos() - System.nanoTime() : 0;
        scheduled = executor.schedule(this::write, Math.max(0, due), TimeUnit.NANOSECONDS);
    }

    private void write() {
        NodeStatus status = pending;
        if (status == null || status.equals(written)) {
            return;
        }
        lastWriteNanos = System.nanoTime();
        everWritten = true;
        try {
            if (!exists) {
                createOrFetch();
            }
            Map<String, Object> body = object(status);
            Object result = api.replaceClusterCustomObjectStatus(FlatnetCrd.GROUP, FlatnetCrd.VERSION,
                    FlatnetCrd.BGP_NODE_STATUS.plural(), nodeName, body).execute();
            resourceVersion = resourceVersionOf(result);
            written = status;
            writes++;
        } catch (ApiException e) {
            if (e.getCode() == 404 || e.getCode() == 409) {
                exists = false; // deleted or changed by someone else: read it again next time
            }
            log.info("BGPNodeStatus {} not written ({} {}); retrying in {}", nodeName, e.getCode(),
                    e.getMessage(), minInterval);
        } catch (RuntimeException e) {
            log.warn("BGPNodeStatus {} not written; retrying in {}", nodeName, minInterval, e);
        }
        scheduled = null;
        schedule();
    }

    private void createOrFetch() throws ApiException {
        try {
            Object current = api.getClusterCustomObject(FlatnetCrd.GROUP, FlatnetCrd.VERSION,
                    FlatnetCrd.BGP_NODE_STATUS.plural(), nodeName).execute();
            resourceVersion = resourceVersionOf(current);
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            Map<String, Object> body = object(null);
            Object created = api.createClusterCustomObject(FlatnetCrd.GROUP, FlatnetCrd.VERSION,
                    FlatnetCrd.BGP_NODE_STATUS.plural(), body).execute();
            resourceVersion = resourceVersionOf(created);
            writes++;
        }
        exists = true;
    }

    private Map<String, Object> object(NodeStatus status) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", nodeName);
        if (resourceVersion != null) {
            metadata.put("resourceVersion", resourceVersion);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", FlatnetCrd.API_VERSION);
        body.put("kind", FlatnetCrd.BGP_NODE_STATUS.kind());
        body.put("metadata", metadata);
        body.put("spec", Map.of("node", nodeName));
        if (status != null) {
            body.put("status", statusMap(status, Instant.now()));
        }
        return body;
    }

    static Map<String, Object> statusMap(NodeStatus status, Instant now) {
        List<Map<String, Object>> peers = new ArrayList<>();
        for (NodeStatus.Peer p : status.peers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", p.address());
            m.put("state", p.state());
            m.put("since", p.since().toString());
            peers.add(m);
        }
        Map<String, Object> routes = new LinkedHashMap<>();
        routes.put("advertised", status.routes().advertised());
        routes.put("received", status.routes().received());
        routes.put("installed", status.routes().installed());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peers", peers);
        m.put("routes", routes);
        status.lastError().ifPresent(e -> m.put("lastError", e));
        m.put("lastUpdated", now.toString());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static String resourceVersionOf(Object object) {
        if (object instanceof Map<?, ?> m && m.get("metadata") instanceof Map<?, ?> meta) {
            Object rv = ((Map<String, Object>) meta).get("resourceVersion");
            return rv == null ? null : rv.toString();
        }
        return null;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
