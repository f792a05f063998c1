package io.flatnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small Kubernetes API server for tests, on 127.0.0.1 (or an address given): LIST and WATCH (chunked JSON lines:
 * ADDED, MODIFIED, DELETED, BOOKMARK, ERROR 410) for a fixed set of collections, and of one
 * namespace's Secrets narrowed by a {@code metadata.name=NAME} field selector, GET of namespaced
 * Secrets, and create / get / replace-status of BGPNodeStatus. It can stop and start
 * again on the same port, expire watches with 410, and hold a collection's LIST until released.
 */
public final class FakeKubeApiServer implements AutoCloseable {
    public static final String NODES = "/api/v1/nodes";
    public static final String SERVICES = "/api/v1/services";
    public static final String SLICES = "/apis/discovery.k8s.io/v1/endpointslices";
    public static final String CONFIGS = "/apis/flatnet.io/v1/bgpconfigurations";
    public static final String PEERS = "/apis/flatnet.io/v1/bgppeers";
    public static final String FILTERS = "/apis/flatnet.io/v1/bgpfilters";
    public static final String STATUSES = "/apis/flatnet.io/v1/bgpnodestatuses";
    public static final String SECRETS = "/api/v1/secrets";
    public static final List<String> WATCHED = List.of(NODES, SERVICES, SLICES, CONFIGS, PEERS, FILTERS);
    /** Where the agent lists and watches the Secrets of the flatnet namespace, one name at a time. */
    public static final String FLATNET_SECRETS = "/api/v1/namespaces/flatnet/secrets";
    private static final Map<String, String[]> KINDS = Map.of(
            NODES, new String[] {"v1", "Node"},
            SERVICES, new String[] {"v1", "Service"},
            SLICES, new String[] {"discovery.k8s.io/v1", "EndpointSlice"},
            CONFIGS, new String[] {"flatnet.io/v1", "BGPConfiguration"},
            PEERS, new String[] {"flatnet.io/v1", "BGPPeer"},
            FILTERS, new String[] {"flatnet.io/v1", "BGPFilter"},
            STATUSES, new String[] {"flatnet.io/v1", "BGPNodeStatus"},
            SECRETS, new String[] {"v1", "Secret"});
    private static final String CLOSE = "\u0000close";

    public final ObjectMapper json = new ObjectMapper();
    private final Map<String, Map<String, ObjectNode>> store = new HashMap<>();
    private final Map<String, List<long[]>> historyRv = new HashMap<>();
    private final Map<String, List<String>> historyLines = new HashMap<>();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    public final List<String> requests = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong statusPutsStored = new java.util.concurrent.atomic.AtomicLong();
    private final Map<String, CountDownLatch> heldLists = new java.util.concurrent.ConcurrentHashMap<>();
    private long resourceVersion = 1000;
    private HttpServer server;
    private ExecutorService executor;
    private int port;
    private final java.net.InetAddress address;

    /** An open watch: its collection and which of its objects it is sent ({@code scope}). */
    private record Watch(String collection, java.util.function.Predicate<JsonNode> scope, BlockingQueue<String> lines) {}

    /** A watch or list of every object of the collection. */
    private static final java.util.function.Predicate<JsonNode> ALL = o -> true;

    public FakeKubeApiServer() throws IOException {
        this(java.net.InetAddress.getLoopbackAddress());
    }

    /**
     * Listening on {@code address} (an ephemeral port): the address of a network namespace when
     * constructed on a thread inside it, for agents running in other processes.
     */
    public FakeKubeApiServer(java.net.InetAddress address) throws IOException {
        this.address = address;
        for (String c : KINDS.keySet()) {
            store.put(c, new TreeMap<>());
            historyRv.put(c, new ArrayList<>());
            historyLines.put(c, new ArrayList<>());
        }
        start(0);
    }

    public String url() {
        return "http://" + (address instanceof java.net.Inet6Address ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress()) + ":" + port;
    }

    /** Starts listening, on {@code wantedPort} or (0) an ephemeral one. */
    private void start(int wantedPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, wantedPort), 50);
        executor = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("fake-kube-", 0).factory());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    /** The API server goes away: open watches end, new connections are refused. */
    public void stop() {
        for (Watch w : watches) {
            w.lines().offer(CLOSE);
        }
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * The API server comes back on the same address and port, with the objects it had; the new
     * socket is made in the calling thread's network namespace.
     */
    public void restart() throws IOException {
        IOException last = null;
        for (int i = 0; i < 50; i++) {
            try {
                start(port);
                return;
            } catch (java.net.BindException e) {
                last = e;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException(ie);
                }
            }
        }
        throw last;
    }

    @Override
    public void close() {
        stop();
    }

    /** Status updates (PUT .../status) written so far. */
    /**
     * Status writes stored so far. Counted once stored, not on arrival (as {@link #requests} is): a
     * test that waits for a count then reads the store must see what that write stored.
     */
    public long statusPuts() {
        return statusPutsStored.get();
    }

    /** An empty BGPNodeStatus for {@code node}, as an earlier agent would have left it. */
    public void createStatus(String node) {
        ObjectNode o = json.createObjectNode();
        o.with("metadata").put("name", node);
        put(STATUSES, o);
    }

    /** Requests for the Secret {@code name} (by name or field selector) get 403 Forbidden, as RBAC answers. */
    public void forbidSecret(String name) {
        forbiddenSecrets.add(name);
    }

    private final java.util.Set<String> forbiddenSecrets = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Holds LIST requests of {@code collection} until {@link #releaseLists}. */
    public void holdLists(String collection) {
        heldLists.put(collection, new CountDownLatch(1));
    }

    public void releaseLists(String collection) {
        CountDownLatch l = heldLists.remove(collection);
        if (l != null) {
            l.countDown();
        }
    }

    /** Creates or replaces an object (key {@code name} or {@code namespace/name}) and tells the watches. */
    public synchronized ObjectNode put(String collection, ObjectNode object) {
        ObjectNode o = object.deepCopy();
        String[] kind = KINDS.get(collection);
        o.put("apiVersion", kind[0]);
        o.put("kind", kind[1]);
        ObjectNode meta = o.with("metadata");
        meta.put("resourceVersion", Long.toString(++resourceVersion));
        if (!meta.has("uid")) {
            meta.put("uid", java.util.UUID.randomUUID().toString());
        }
        ObjectNode previous = store.get(collection).put(key(o), o);
        publish(collection, previous == null ? "ADDED" : "MODIFIED", o);
        return o;
    }

    public synchronized void delete(String collection, String key) {
        ObjectNode o = store.get(collection).remove(key);
        if (o != null) {
            o = o.deepCopy();
            o.with("metadata").put("resourceVersion", Long.toString(++resourceVersion));
            publish(collection, "DELETED", o);
        }
    }

    public synchronized JsonNode get(String collection, String key) {
        return store.get(collection).get(key);
    }

    /** Sends a BOOKMARK with the current resource version to the collection's watches. */
    public synchronized void bookmark(String collection) {
        String[] kind = KINDS.get(collection);
        ObjectNode o = json.createObjectNode().put("apiVersion", kind[0]).put("kind", kind[1]);
        o.with("metadata").put("resourceVersion", Long.toString(resourceVersion));
        for (Watch w : watches) {
            if (w.collection().equals(collection)) {
                w.lines().offer(event("BOOKMARK", o));
            }
        }
    }

    /** Every open watch of the collection gets ERROR 410 Gone (resource version too old) and ends. */
    public synchronized void expireWatches(String collection) {
        ObjectNode status = json.createObjectNode().put("kind", "Status").put("apiVersion", "v1")
                .put("status", "Failure").put("message", "too old resource version").put("reason", "Expired")
                .put("code", 410);
        for (Watch w : watches) {
            if (w.collection().equals(collection)) {
                w.lines().offer(event("ERROR", status));
                w.lines().offer(CLOSE);
            }
        }
        // A client that comes back with an old resource version must relist.
        historyRv.get(collection).clear();
        historyLines.get(collection).clear();
        historyObjects.getOrDefault(collection, new ArrayList<>()).clear();
        expiredBefore.put(collection, resourceVersion);
    }

    private final Map<String, Long> expiredBefore = new HashMap<>();
    private final Map<String, List<JsonNode>> historyObjects = new HashMap<>();

    public long count(String method, String pathPrefix, String queryPart) {
        return requests.stream().filter(r -> r.startsWith(method + " " + pathPrefix))
                .filter(r -> queryPart == null || r.contains(queryPart)).count();
    }

    public long lists(String collection) {
        return requests.stream().filter(r -> r.startsWith("GET " + collection))
                .filter(r -> !r.contains("watch=true")).filter(r -> r.substring(4).split("\\?")[0].equals(collection))
                .count();
    }

    private void publish(String collection, String type, ObjectNode o) {
        String line = event(type, o);
        historyRv.get(collection).add(new long[] {resourceVersion});
        historyLines.get(collection).add(line);
        historyObjects.computeIfAbsent(collection, c -> new ArrayList<>()).add(o);
        for (Watch w : watches) {
            if (w.collection().equals(collection) && w.scope().test(o)) {
                w.lines().offer(line);
            }
        }
    }

    private String event(String type, JsonNode object) {
        ObjectNode e = json.createObjectNode().put("type", type);
        e.set("object", object);
        return e.toString();
    }

    private static String key(JsonNode o) {
        JsonNode meta = o.path("metadata");
        String ns = meta.path("namespace").asText("");
        return ns.isEmpty() ? meta.path("name").asText() : ns + "/" + meta.path("name").asText();
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String rawQuery = ex.getRequestURI().getRawQuery();
            Map<String, String> query = query(rawQuery);
            String method = ex.getRequestMethod();
            requests.add(method + " " + path + (rawQuery == null ? "" : "?" + rawQuery));
            if (method.equals("GET") && WATCHED.contains(path) && "true".equals(query.get("watch"))) {
                watch(ex, path, ALL, query);
                return;
            }
            if (method.equals("GET") && KINDS.containsKey(path)) {
                CountDownLatch held = heldLists.get(path);
                if (held != null) {
                    held.await(30, TimeUnit.SECONDS);
                }
                list(ex, path, ALL);
                return;
            }
            String[] parts = path.split("/");
            // /api/v1/namespaces/{ns}/secrets?fieldSelector=metadata.name%3D{name}: list or watch
            if (method.equals("GET") && parts.length == 6 && path.startsWith("/api/v1/namespaces/")
                    && parts[5].equals("secrets")) {
                String selector = query.get("fieldSelector");
                if (selector != null && forbiddenSecrets.contains(selector.replaceFirst("^metadata\\.name==?", ""))) {
                    respond(ex, 403, status(403, "Forbidden", "secrets is forbidden: cannot list resource"
                            + " \"secrets\" in the namespace \"" + parts[4] + "\""));
                    return;
                }
                java.util.function.Predicate<JsonNode> scope = scope(parts[4], selector);
                if ("true".equals(query.get("watch"))) {
                    watch(ex, SECRETS, scope, query);
                } else {
                    list(ex, SECRETS, scope);
                }
                return;
            }
            // /api/v1/namespaces/{ns}/secrets/{name}
            if (method.equals("GET") && parts.length == 7 && path.startsWith("/api/v1/namespaces/")
                    && parts[5].equals("secrets")) {
                JsonNode secret = get(SECRETS, parts[4] + "/" + parts[6]);
                respond(ex, secret == null ? 404 : 200, secret == null ? notFound("secrets", parts[6]) : secret);
                return;
            }
            if (path.startsWith(STATUSES)) {
                statuses(ex, method, path.substring(STATUSES.length()));
                return;
            }
            respond(ex, 404, notFound(path, ""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The objects of {@code namespace} matching a {@code metadata.name=NAME} selector (or every one, without). */
    private static java.util.function.Predicate<JsonNode> scope(String namespace, String fieldSelector) {
        String name = fieldSelector == null ? null : fieldSelector.replaceFirst("^metadata\\.name==?", "");
        if (fieldSelector != null && name.equals(fieldSelector)) {
            throw new IllegalArgumentException("unsupported field selector " + fieldSelector);
        }
        return o -> namespace.equals(o.path("metadata").path("namespace").asText())
                && (name == null || name.equals(o.path("metadata").path("name").asText()));
    }

    private void list(HttpExchange ex, String collection, java.util.function.Predicate<JsonNode> scope)
            throws IOException {
        ObjectNode list = json.createObjectNode();
        synchronized (this) {
            String[] kind = KINDS.get(collection);
            list.put("apiVersion", kind[0]).put("kind", kind[1] + "List");
            list.with("metadata").put("resourceVersion", Long.toString(resourceVersion));
            var items = list.putArray("items");
            store.get(collection).values().stream().filter(scope).forEach(items::add);
        }
        respond(ex, 200, list);
    }

    private void watch(HttpExchange ex, String collection, java.util.function.Predicate<JsonNode> scope,
            Map<String, String> query) throws IOException {
        long from = Long.parseLong(query.getOrDefault("resourceVersion", "0").isEmpty() ? "0"
                : query.getOrDefault("resourceVersion", "0"));
        Watch w = new Watch(collection, scope, new LinkedBlockingQueue<>());
        boolean gone;
        synchronized (this) {
            gone = from > 0 && from < expiredBefore.getOrDefault(collection, 0L);
            if (!gone) {
                List<long[]> rvs = historyRv.get(collection);
                List<String> lines = historyLines.get(collection);
                List<JsonNode> objects = historyObjects.getOrDefault(collection, List.of());
                for (int i = 0; i < rvs.size(); i++) {
                    if (rvs.get(i)[0] > from && scope.test(objects.get(i))) {
                        w.lines().add(lines.get(i));
                    }
                }
                watches.add(w);
            }
        }
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        if (gone) {
            ObjectNode status = json.createObjectNode().put("kind", "Status").put("apiVersion", "v1")
                    .put("status", "Failure").put("reason", "Expired").put("code", 410)
                    .put("message", "too old resource version");
            out.write((event("ERROR", status) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return;
        }
        long timeout = Long.parseLong(query.getOrDefault("timeoutSeconds", "300"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
        try {
            while (System.nanoTime() < deadline) {
                String line = w.lines().poll(200, TimeUnit.MILLISECONDS);
                if (line == null) {
                    continue;
                }
                if (line.equals(CLOSE)) {
                    break;
                }
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away
        } finally {
            watches.remove(w);
        }
    }

    private void statuses(HttpExchange ex, String method, String rest) throws IOException {
        JsonNode body = null;
        byte[] bytes = ex.getRequestBody().readAllBytes();
        if (bytes.length > 0) {
            body = json.readTree(bytes);
        }
        if (rest.isEmpty() && method.equals("POST")) {
            String name = body.path("metadata").path("name").asText();
            if (get(STATUSES, name) != null) {
                respond(ex, 409, status(409, "AlreadyExists", name + " already exists"));
                return;
            }
            ObjectNode created = ((ObjectNode) body).deepCopy();
            created.remove("status"); // the status subresource: create ignores status
            respond(ex, 201, put(STATUSES, created));
            return;
        }
        String[] parts = rest.substring(1).split("/");
        String name = parts[0];
        JsonNode current = get(STATUSES, name);
        if (current == null) {
            respond(ex, 404, notFound("bgpnodestatuses", name));
            return;
        }
        if (parts.length == 1 && method.equals("GET")) {
            respond(ex, 200, current);
            return;
        }
        if (parts.length == 2 && parts[1].equals("status") && method.equals("PUT")) {
            String rv = body.path("metadata").path("resourceVersion").asText("");
            if (!rv.isEmpty() && !rv.equals(current.path("metadata").path("resourceVersion").asText())) {
                respond(ex, 409, status(409, "Conflict", "the object has been modified"));
                return;
            }
            ObjectNode updated = ((ObjectNode) current).deepCopy();
            updated.set("status", body.path("status"));
            ObjectNode stored = put(STATUSES, updated);
            statusPutsStored.incrementAndGet();
            respond(ex, 200, stored);
            return;
        }
        respond(ex, 405, status(405, "MethodNotAllowed", method + " " + rest));
    }

    private ObjectNode notFound(String resource, String name) {
        return status(404, "NotFound", resource + " \"" + name + "\" not found");
    }

    private ObjectNode status(int code, String reason, String message) {
        return json.createObjectNode().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                .put("reason", reason).put("message", message).put("code", code);
    }

    private void respond(HttpExchange ex, int code, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }
}
