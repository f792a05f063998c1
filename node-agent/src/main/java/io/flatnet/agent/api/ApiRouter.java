package io.flatnet.agent.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.flatnet.agent.api.ApiExchange.Request;
import io.flatnet.agent.api.ApiExchange.Response;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.session.PeerReset;
import io.flatnet.bgp.session.PeerStatus;
import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps requests to answers. Runs on the API's worker threads, never on an event loop: reading the
 * agent may wait. Every error is JSON {@code {"error": ..., "detail": ...}}: 400 for a bad
 * address, family or body (naming the input), 404 for an unknown peer or path, 405 with
 * {@code Allow} for a known path and the wrong method.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>GET /v1/status</td><td>the node: AS, router id, uptime, configuration source, last reload</td></tr>
 *   <tr><td>GET /v1/peers</td><td>every peer, as in {@link V1.Peer}</td></tr>
 *   <tr><td>GET /v1/peers/{address}</td><td>one peer</td></tr>
 *   <tr><td>POST /v1/peers/{address}/reset</td><td>body {@code {"hard": false, "message": "..."}}, both optional</td></tr>
 *   <tr><td>GET /v1/routes?view=received|loc-rib&amp;peer=&amp;family=ipv4|ipv6&amp;prefix=</td><td>received
 *   routes (Adj-RIB-In), or the Loc-RIB: best and ECMP paths, why the best won, the kernel's state</td></tr>
 *   <tr><td>GET /v1/advertisements</td><td>the node's own prefixes, why, and their communities</td></tr>
 *   <tr><td>GET /v1/config</td><td>the configuration in effect: the node's view, passwords redacted</td></tr>
 *   <tr><td>GET /v1/kernel</td><td>kernel routes: counts, restart phase, excluded routes with reasons</td></tr>
 *   <tr><td>POST /v1/decommission</td><td>body {@code {"message": "..."}}: Cease 6/2 to every peer, kernel routes
 *   removed, then exit</td></tr>
 *   <tr><td>GET /metrics</td><td>Prometheus</td></tr>
 *   <tr><td>GET /healthz (/livez)</td><td>liveness</td></tr>
 *   <tr><td>GET /readyz</td><td>readiness, see {@link Readiness}</td></tr>
 * </table>
 */
final class ApiRouter {
    private static final Logger log = LoggerFactory.getLogger(ApiRouter.class);
    static final String JSON = "application/json; charset=utf-8";
    /** How long the liveness probe waits for the speaker's loops and the RIB. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    /** Prefixes in a page of {@code GET /v1/routes} unless {@code limit} says otherwise. */
    static final int DEFAULT_LIMIT = 1000;
    /** The largest {@code limit}: a page is built in memory and serialised whole. */
    static final int MAX_LIMIT = 10_000;

    private final AgentState state;
    private final AgentControl control;
    private final Duration readyGrace;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private final PrometheusScrapeHandler scrape;
    /** False on a listener that serves only {@code /metrics} and the health endpoints. */
    private final boolean api;

    ApiRouter(AgentState state, AgentControl control, Duration readyGrace, Clock clock) {
        this.state = state;
        this.control = control;
        this.readyGrace = readyGrace;
        this.clock = clock;
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new BgpMetrics(state));
        JvmMetrics.builder().register(registry);
        this.scrape = new PrometheusScrapeHandler(registry);
        this.api = true;
    }

    private ApiRouter(ApiRouter all) {
        this.state = all.state;
        this.control = all.control;
        this.readyGrace = all.readyGrace;
        this.clock = all.clock;
        this.scrape = all.scrape;
        this.api = false;
    }

    /** The same endpoints without the JSON API under {@code /v1}: for the metrics and health TCP port. */
    ApiRouter healthAndMetricsOnly() {
        return new ApiRouter(this);
    }

    Response handle(Request r) {
        try {
            return route(r);
        } catch (ApiException e) {
            return error(e.status, e.error, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("API {} {} failed", r.method(), r.path(), e);
            return error(500, "internal error", String.valueOf(e));
        }
    }

    private Response route(Request r) {
        String path = r.path().length() > 1 && r.path().endsWith("/") ? r.path().substring(0, r.path().length() - 1)
                : r.path();
        List<String> parts = path.equals("/") ? List.of() : List.of(path.substring(1).split("/", -1));
        String m = r.method();
        if (parts.size() == 1) {
            switch (parts.getFirst()) {
                case "healthz", "livez" -> {
                    return get(m, this::liveness);
                }
                case "readyz" -> {
                    return get(m, this::readiness);
                }
                case "metrics" -> {
                    return get(m, () -> metrics(r));
                }
                case "v1" -> {
                    return get(m, this::index);
                }
                default -> { }
            }
        }
        if (!api && !parts.isEmpty() && parts.getFirst().equals("v1")) {
            throw ApiException.notFound("not found", "this TCP port serves /metrics, /livez, /healthz and /readyz only;"
                    + " the API is on the agent's Unix socket (flatnetctl --socket, default "
                    + ApiServer.Options.DEFAULT_SOCKET + "), or start the agent with --api-listen");
        }
        if (parts.size() >= 2 && parts.getFirst().equals("v1")) {
            String what = parts.get(1);
            if (parts.size() == 2) {
                switch (what) {
                    case "status" -> {
                        return get(m, this::status);
                    }
                    case "peers" -> {
                        return get(m, this::peers);
                    }
                    case "routes" -> {
                        return get(m, () -> routes(r));
                    }
                    case "kernel" -> {
                        return get(m, this::kernel);
                    }
                    case "advertisements" -> {
                        return get(m, this::advertisements);
                    }
                    case "config" -> {
                        return get(m, this::config);
                    }
                    case "decommission" -> {
                        return post(m, () -> decommission(r));
                    }
                    default -> { }
                }
            }
            if (what.equals("peers") && parts.size() == 3) {
                return get(m, () -> peer(parts.get(2)));
            }
            if (what.equals("peers") && parts.size() == 4 && parts.get(3).equals("reset")) {
                return post(m, () -> reset(parts.get(2), r));
            }
        }
        throw ApiException.notFound("not found", "no endpoint " + r.path() + "; GET /v1 lists them");
    }

    // --- endpoints ---

    private Response index() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("GET /v1/status", "the node: AS, router id, uptime, configuration source, last reload");
        endpoints.put("GET /v1/peers", "every BGP peer with state, counters, capabilities, last error");
        endpoints.put("GET /v1/peers/{address}", "one peer");
        endpoints.put("POST /v1/peers/{address}/reset", "{\"hard\": false, \"message\": \"...\"}: route refresh,"
                + " or Cease 6/4 and reconnect");
        endpoints.put("GET /v1/routes?view=received|loc-rib&peer=ADDRESS&family=ipv4|ipv6&prefix=CIDR",
                "view=received (the default): routes received from peers (Adj-RIB-In); view=loc-rib: per prefix the"
                        + " best and ECMP paths, the reason the best won, and whether it is in the kernel or why not;"
                        + " a page at a time: limit=N prefixes (default " + DEFAULT_LIMIT + ", at most " + MAX_LIMIT
                        + "), after=CIDR to go on from a page's 'next'");
        endpoints.put("GET /v1/advertisements", "the node's own advertised prefixes, why, and their communities");
        endpoints.put("GET /v1/config", "the configuration in effect as this node computed it: BGP settings, peers"
                + " with their type, advertisements; passwords never shown");
        endpoints.put("GET /v1/kernel", "routes installed into the kernel, and learned routes kept out with the reason");
        endpoints.put("POST /v1/decommission", "{\"message\": \"...\"}: Cease 6/2 to every peer, the kernel routes"
                + " removed, then exit");
        endpoints.put("GET /metrics", "Prometheus metrics");
        endpoints.put("GET /healthz", "liveness");
        endpoints.put("GET /readyz", "readiness");
        Map<String, Object> index = new LinkedHashMap<>(); // a fixed field order, as every v1 document has
        index.put("apiVersion", "v1");
        index.put("endpoints", endpoints);
        return ok(index);
    }

    private Response status() {
        AgentState.NodeInfo node = state.node();
        List<PeerStatus> peers = state.peers();
        Instant now = clock.instant();
        V1.Reload reload = state.lastReload()
                .map(x -> new V1.Reload(V1.time(x.at()), x.result(), x.detail())).orElse(null);
        return ok(new V1.Status("v1", node.name().orElse(null), node.asNumber(), node.routerId(),
                V1.time(node.startedAt()), Duration.between(node.startedAt(), now).toSeconds(), node.configSource(),
                state.configLoaded(), reload, node.listen(), peers.size(),
                (int) peers.stream().filter(p -> p.state() == SessionState.ESTABLISHED).count(),
                state.kernel().map(k -> new V1.KernelCounts(k.installed(), k.excluded().size(), k.stale()))
                        .orElse(null), BuildInfo.version()));
    }

    private Response kernel() {
        return ok(state.kernel().map(k -> new V1.Kernel(true, k.table(), k.protocol(), k.installed(), k.blackholes(),
                k.excluded().size(), k.stale(), k.adopted(), k.restart(),
                new V1.KernelOperations(k.added(), k.replaced(), k.deleted(), k.failures()),
                k.excluded().stream().map(e -> new V1.ExcludedRoute(e.prefix(), e.reason())).toList()))
                .orElse(new V1.Kernel(false, null, null, 0, 0, 0, 0, 0, "kernel route installation is off (--no-kernel)",
                        new V1.KernelOperations(0, 0, 0, 0), List.of())));
    }

    private Response peers() {
        return ok(new V1.Peers(state.peers().stream().map(p -> V1.peer(p, state.peerType(p.address()),
                state.routeReflectorClient(p.address()))).toList()));
    }

    private Response peer(String text) {
        IpAddress address = address(text, "peer address");
        PeerStatus p = state.peer(address).orElseThrow(() -> unknownPeer(address));
        return ok(V1.peer(p, state.peerType(address), state.routeReflectorClient(address)));
    }

    private Response routes(Request r) {
        String peerText = r.param("peer");
        String familyText = r.param("family");
        List<AddressFamily> families;
        if (familyText == null || familyText.isEmpty()) {
            families = List.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
        } else {
            families = List.of(switch (familyText) {
                case "ipv4" -> AddressFamily.IPV4_UNICAST;
                case "ipv6" -> AddressFamily.IPV6_UNICAST;
                default -> throw ApiException.badRequest("family '" + familyText + "' is not ipv4 or ipv6");
            });
        }
        List<IpAddress> peers;
        if (peerText == null || peerText.isEmpty()) {
            peers = state.peers().stream().map(PeerStatus::address).toList();
        } else {
            IpAddress address = address(peerText, "peer");
            state.peer(address).orElseThrow(() -> unknownPeer(address));
            peers = List.of(address);
        }
        Optional<IpPrefix> only = prefixParam(r, "prefix");
        Optional<IpPrefix> after = prefixParam(r, "after");
        int limit = limit(r.param("limit"));
        String view = r.param("view");
        if (view != null && !view.isEmpty() && !view.equals("received") && !view.equals("loc-rib")) {
            throw ApiException.badRequest("view '" + view + "' is not received (the Adj-RIB-In) or loc-rib (best"
                    + " paths, ECMP, the reason and the kernel's state)");
        }
        boolean locRib = "loc-rib".equals(view);
        Optional<IpAddress> from = peerText == null || peerText.isEmpty() ? Optional.empty()
                : Optional.of(peers.getFirst());
        // One page across the families, IPv4 first: each family gives what the page has room left
        // for, from the cursor when the cursor is of that family, from its start when of an earlier one.
        List<Object> rows = new ArrayList<>();
        IpPrefix last = null;
        boolean truncated = false;
        for (AddressFamily f : families) {
            Afi afi = f.knownAfi();
            if ((only.isPresent() && only.get().afi() != afi) || (after.isPresent() && after.get().afi().compareTo(afi) > 0)) {
                continue;
            }
            Optional<IpPrefix> cursor = after.filter(p -> p.afi() == afi);
            int room = limit - rows.size();
            if (locRib) {
                if (only.isPresent()) {
                    state.locRib(only.get()).filter(e -> from.isEmpty() || e.paths().stream()
                                    .anyMatch(p -> p.source().peerAddress().equals(from.get())))
                            .ifPresent(e -> rows.add(V1.locRibRoute(e, state::peerType)));
                    continue;
                }
                AgentState.Page<AgentState.RibEntry> page = state.locRib(f, from, cursor, room);
                for (AgentState.RibEntry e : page.items()) {
                    rows.add(V1.locRibRoute(e, state::peerType));
                    last = e.prefix();
                }
                truncated = page.truncated();
            } else {
                AgentState.Page<AgentState.PeerRoute> page = state.receivedRoutes(peers, f, only, cursor, room);
                for (AgentState.PeerRoute route : page.items()) {
                    rows.add(V1.route(route.peer().toString(), f, route.route()));
                    last = route.route().prefix();
                }
                truncated = page.truncated();
            }
            if (truncated) {
                break;
            }
        }
        String next = truncated && last != null ? last.toString() : null;
        return ok(locRib ? new V1.LocRibRoutes("loc-rib", rows.stream().map(V1.LocRibRoute.class::cast).toList(),
                truncated, next) : new V1.Routes("received", rows.stream().map(V1.Route.class::cast).toList(),
                truncated, next));
    }

    /** The page size of {@code GET /v1/routes}: {@link #DEFAULT_LIMIT} unless asked, at most {@link #MAX_LIMIT}. */
    private static int limit(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw ApiException.badRequest("limit '" + text + "' is not a number of prefixes from 1 to " + MAX_LIMIT);
    }

    private static Optional<IpPrefix> prefixParam(Request r, String name) {
        String text = r.param(name);
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(IpPrefix.parse(text));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name + " '" + text + "' is not a CIDR prefix: " + e.getMessage());
        }
    }

    private Response config() {
        return ok(state.configuration().map(v -> ConfigDocument.of(state.node().configSource(), v))
                .orElseGet(() -> ConfigDocument.ofCommandLine(state.node(), state.commandLine(), state.advertisements())));
    }

    private Response advertisements() {
        return ok(new V1.Advertisements(state.advertisements().stream()
                .sorted(java.util.Comparator.comparing(a -> a.advertisement().prefix()))
                .map(V1::advertisement).toList()));
    }

    /** The body of {@code POST /v1/peers/{address}/reset}. */
    record ResetRequest(Boolean hard, String message) {}

    /** The body of {@code POST /v1/decommission}. */
    record DecommissionRequest(String message) {}

    private Response reset(String text, Request r) {
        IpAddress address = address(text, "peer address");
        ResetRequest body = r.body().length == 0 ? new ResetRequest(null, null) : body(r, ResetRequest.class);
        boolean hard = Boolean.TRUE.equals(body.hard()) || "true".equals(r.param("hard"));
        PeerReset done = control.resetPeer(address, hard, body.message()).orElseThrow(() -> unknownPeer(address));
        return ok(switch (done) {
            case ROUTE_REFRESH -> new V1.ResetResult(address.toString(), "route-refresh",
                    "soft reset: asked the peer to send its routes again (ROUTE-REFRESH)");
            case HARD -> new V1.ResetResult(address.toString(), "hard-reset",
                    "sent Cease 6/4 administrative reset" + (body.message() == null || body.message().isBlank() ? ""
                            : " with message \"" + body.message() + "\"") + " and started the session again");
        });
    }

    private Response decommission(Request r) {
        if (r.body().length == 0) {
            throw ApiException.badRequest("decommission needs a JSON body {\"message\": \"...\"}: the RFC 9003 shutdown"
                    + " message peers will log");
        }
        DecommissionRequest body = body(r, DecommissionRequest.class);
        if (body.message() == null) {
            throw ApiException.badRequest("field 'message' is missing: the RFC 9003 shutdown message peers will log");
        }
        log.warn("decommission requested over the API: {}", body.message());
        int peers = control.decommission(body.message());
        return ok(new V1.Decommissioned(peers, body.message(), "ended the sessions with " + peers + " peer(s), with"
                + " Cease 6/2 administrative shutdown where a session was open; peers drop this node's routes; the"
                + " agent is exiting"))
                .andThen(control::exit);
    }

    private Response liveness() {
        try {
            state.probe(PROBE_TIMEOUT);
            return ok(new V1.Health("ok", "event loops and the RIB answer"));
        } catch (Exception e) {
            return new Response(503, JSON, write(new V1.Health("fail", "the speaker does not answer: " + e)));
        }
    }

    private Response readiness() {
        Readiness ready = Readiness.of(state.configLoaded(), state.peers(), state.uptime(clock.instant()), readyGrace);
        V1.Health body = new V1.Health(ready.ready() ? "ok" : "fail", ready.reason());
        return new Response(ready.ready() ? 200 : 503, JSON, write(body));
    }

    private Response metrics(Request r) {
        ScrapeExchange exchange = new ScrapeExchange(r);
        try {
            scrape.handleRequest(exchange);
        } catch (IOException e) {
            throw new IllegalStateException("metrics: " + e.getMessage(), e);
        }
        return exchange.response();
    }

    // --- helpers ---

    private static Response get(String method, java.util.function.Supplier<Response> handler) {
        return only("GET", method, handler);
    }

    private static Response post(String method, java.util.function.Supplier<Response> handler) {
        return only("POST", method, handler);
    }

    private static Response only(String allowed, String method, java.util.function.Supplier<Response> handler) {
        if (method.equals(allowed) || (allowed.equals("GET") && method.equals("HEAD"))) {
            return handler.get();
        }
        throw new ApiException(405, "method not allowed", method + " is not allowed here; use " + allowed);
    }

    private static IpAddress address(String text, String what) {
        try {
            return IpAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(what + " '" + text + "' is not an IP address: " + e.getMessage());
        }
    }

    private static ApiException unknownPeer(IpAddress address) {
        return ApiException.notFound("unknown peer", "no BGP peer " + address + " is configured");
    }

    private <T> T body(Request r, Class<T> type) {
        try {
            return json.readValue(r.body(), type);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw ApiException.badRequest("request body is not the expected JSON: " + why);
        }
    }

    private Response ok(Object body) {
        return new Response(200, JSON, write(body));
    }

    Response error(int status, String error, String detail) {
        Response r = new Response(status, JSON, write(new V1.Error(error, detail)));
        return status == 405 ? r.withHeader("Allow", detail.substring(detail.lastIndexOf(' ') + 1)) : r;
    }

    byte[] write(Object body) {
        try {
            byte[] bytes = json.writeValueAsBytes(body);
            byte[] out = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, out, 0, bytes.length);
            out[bytes.length] = '\n';
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Lets the Prometheus scrape handler (content negotiation, name[] filters, gzip) answer through us. */
    private static final class ScrapeExchange implements PrometheusHttpExchange {
        private final Request request;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status = 200;

        ScrapeExchange(Request request) {
            this.request = request;
        }

        Response response() {
            String type = headers.getOrDefault("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            Response r = new Response(status, type, body.toByteArray());
            for (Map.Entry<String, String> h : headers.entrySet()) {
                if (!h.getKey().equalsIgnoreCase("Content-Type") && !h.getKey().equalsIgnoreCase("Content-Length")) {
                    r = r.withHeader(h.getKey(), h.getValue());
                }
            }
            return r;
        }

        @Override
        public PrometheusHttpRequest getRequest() {
            return new PrometheusHttpRequest() {
                @Override
                public String getQueryString() {
                    return request.rawQuery();
                }

                @Override
                public Enumeration<String> getHeaders(String name) {
                    List<String> values = request.headers().get(name.toLowerCase(java.util.Locale.ROOT));
                    return Collections.enumeration(values == null ? List.of() : values);
                }

                @Override
                public String getMethod() {
                    return request.method();
                }

                @Override
                public String getRequestPath() {
                    return request.path();
                }
            };
        }

        @Override
        public PrometheusHttpResponse getResponse() {
            return new PrometheusHttpResponse() {
                @Override
                public void setHeader(String name, String value) {
                    headers.put(name, value);
                }

                @Override
                public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) {
                    status = statusCode;
                    return body;
                }
            };
        }

        @Override
        public void handleException(IOException e) throws IOException {
            throw e;
        }

        @Override
        public void handleException(RuntimeException e) {
            throw e;
        }

        @Override
        public void close() {}
    }
}
