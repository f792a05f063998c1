package io.flatnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * flatnetctl in-process against a stub API that serves recorded v1 JSON (JDK HttpServer), with
 * the clock fixed at 2026-11-26 15:00 UTC so that SINCE columns are stable.
 */
class FlatnetCtlTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T15:00:00Z"), ZoneOffset.UTC);

    private HttpServer stub;
    private String api;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    record Result(int code, String out, String err) {}

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", this::serve);
        stub.start();
        api = "http://127.0.0.1:" + stub.getAddress().getPort();
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
    }

    private void serve(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = ex.getRequestMethod() + " " + ex.getRequestURI();
        requests.add(target + (body.isEmpty() ? "" : " " + body));
        int status = 200;
        String json;
        switch (target) {
            case "GET /v1/peers" -> json = resource("peers.json");
            case "GET /v1/peers/10.0.0.2" -> json = peerFromList(0);
            case "GET /v1/peers/10.0.0.3" -> json = peerFromList(1);
            case "GET /v1/peers/10.0.0.9" -> {
                status = 404;
                json = "{\"error\":\"unknown peer\",\"detail\":\"no BGP peer 10.0.0.9 is configured\"}";
            }
            case "GET /v1/config" -> json = resource("config.json");
            // The received routes of 10.0.0.2 in two pages of one route.
            case "GET /v1/routes?view=received&peer=10.0.0.2" -> json = receivedPage(0, "10.244.2.0/24");
            case "GET /v1/routes?view=received&peer=10.0.0.2&after=10.244.2.0%2F24" -> json = receivedPage(1, null);
            case "GET /v1/routes?view=received", "GET /v1/routes?view=received&peer=10.0.0.2&family=ipv4" ->
                    json = resource("routes.json");
            case "GET /v1/routes?view=loc-rib", "GET /v1/routes?view=loc-rib&family=ipv4" -> json = resource("loc-rib.json");
            case "GET /v1/routes?view=loc-rib&prefix=10.1.2.0%2F24" -> json = locRibOnly("10.1.2.0/24");
            case "GET /v1/routes?view=loc-rib&prefix=10.7.0.0%2F16" -> json = "{\"view\":\"loc-rib\",\"routes\":[]}";
            case "POST /v1/peers/10.0.0.2/reset" -> json = body.contains("\"hard\":true")
                    ? "{\"peer\":\"10.0.0.2\",\"action\":\"hard-reset\",\"detail\":\"sent Cease 6/4 administrative"
                            + " reset and started the session again\"}"
                    : "{\"peer\":\"10.0.0.2\",\"action\":\"route-refresh\",\"detail\":\"soft reset: asked the peer"
                            + " to send its routes again (ROUTE-REFRESH)\"}";
            case "POST /v1/decommission" -> json = "{\"peersNotified\":3,\"message\":\"bye\",\"detail\":\"sent Cease"
                    + " 6/2 administrative shutdown to 3 peer(s) and withdrew every route; the agent is exiting\"}";
            default -> {
                status = 404;
                json = "{\"error\":\"not found\",\"detail\":\"no endpoint\"}";
            }
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    /** Route {@code index} of routes.json alone, as a page; {@code next} set when more follow. */
    private static String receivedPage(int index, String next) throws IOException {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var doc = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(resource("routes.json"));
        var route = doc.get("routes").get(index);
        doc.putArray("routes").add(route);
        doc.put("truncated", next != null);
        doc.put("next", next);
        return mapper.writeValueAsString(doc);
    }

    private static String peerFromList(int index) throws IOException {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        return mapper.writeValueAsString(mapper.readTree(resource("peers.json")).get("peers").get(index));
    }

    static String resource(String name) throws IOException {
        try (InputStream in = FlatnetCtlTest.class.getResourceAsStream("/api/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource /api/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Result run(String... args) {
        return runAgainst(api, args);
    }

    static Result runAgainst(String api, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--api";
        all[args.length + 1] = api;
        int code = FlatnetCtl.commandLine(new FlatnetCtl(CLOCK), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(all);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void nodeStatusMatchesTheGoldenOutput() throws IOException {
        Result r = run("node", "status");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(resource("node-status.txt"));
    }

    @Test
    void nodeStatusSaysWhenAFamilyHasNoPeers() {
        String out = NodeCommand.Status.render(new FlatnetCtl(CLOCK), List.of());
        assertThat(out).isEqualTo("flatnet process is running.\n\nIPv4 BGP status\nNo IPv4 peers found.\n\n"
                + "IPv6 BGP status\nNo IPv6 peers found.\n");
    }

    @Test
    void agentNotRunningIsOneLineAndExitCode1() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Result r = runAgainst("http://127.0.0.1:" + port, "node", "status");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("flatnet process is not running: cannot connect to 127.0.0.1:" + port
                + " (Connection refused)" + System.lineSeparator());
    }

    @Test
    void peersListsEveryPeer() {
        Result r = run("peers");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("| PEER ADDRESS |", "| 10.0.0.2     | node-to-node mesh | 64512 | Established |",
                "| 01:57:49 ", "| Active Socket: Connection refused ", "| fd00::1 ");
    }

    @Test
    void onePeerInDetail() {
        Result r = run("peers", "10.0.0.2");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(String.join("\n",
                "Peer 10.0.0.2, AS 64512 (node-to-node mesh)",
                "  State:                 Established since 2026-11-26 13:02:11 (up 01:57:49)",
                "  Info:                  Established",
                "  Last state change:     KEEPALIVE received in OpenConfirm",
                "  Last error:            hold timer expired",
                "  Hold time:             90 s, keepalive 30 s",
                "  Families:              ipv4, ipv6",
                "  Capabilities:          4-octet AS, route refresh, enhanced route refresh, graceful restart (peer)",
                "  Peer's OPEN:           multiprotocol ipv4, multiprotocol ipv6, route-refresh, enhanced-route-refresh,"
                        + " graceful-restart, 4-octet-as 64512",
                "  Prefixes:              2 received, 2 accepted, 1 advertised",
                "  Flaps:                 1",
                "  NOTIFICATION sent:     4/0 hold timer expired at 2026-11-26 13:01:40",
                "  NOTIFICATION received: -",
                "",
                "+---------------+----------+------+",
                "|   MESSAGES    | RECEIVED | SENT |",
                "+---------------+----------+------+",
                "| OPEN          | 1        | 1    |",
                "| UPDATE        | 3        | 2    |",
                "| NOTIFICATION  | 0        | 0    |",
                "| KEEPALIVE     | 236      | 236  |",
                "| ROUTE-REFRESH | 0        | 0    |",
                "| total         | 240      | 239  |",
                "+---------------+----------+------+",
                ""));
        assertThat(requests).contains("GET /v1/peers/10.0.0.2");
    }

    @Test
    void aPeerThatIsDownShowsWhy() {
        Result r = run("peers", "10.0.0.3");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("  State:                 Active since 2026-11-25 22:14:03\n",
                "  Info:                  Active Socket: Connection refused\n",
                "  Negotiated:            - (no OPEN exchanged on the current connection)\n");
    }

    @Test
    void anUnknownPeerIsTheAgentsError() {
        Result r = run("peers", "10.0.0.9");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("no BGP peer 10.0.0.9 is configured");
    }

    @Test
    void routesWithFilters() {
        Result r = run("routes", "--received", "--peer", "10.0.0.2", "--family", "ipv4");
        assertThat(r.code()).isZero();
        assertThat(requests).containsExactly("GET /v1/routes?view=received&peer=10.0.0.2&family=ipv4");
        assertThat(r.out()).isEqualTo(String.join("\n",
                "+---------------+----------+----------+---------------------+------------+--------------------+",
                "|    PREFIX     | NEXT HOP |   PEER   |       AS PATH       |   ORIGIN   |    COMMUNITIES     |",
                "+---------------+----------+----------+---------------------+------------+--------------------+",
                "| 10.244.2.0/24 | 10.0.0.2 | 10.0.0.2 | -                   | igp        | 65000:42 64512:1:2 |",
                "| 10.96.0.0/12  | 10.0.0.2 | 10.0.0.2 | 65001 {65002 65003} | incomplete |                    |",
                "+---------------+----------+----------+---------------------+------------+--------------------+",
                ""));
        assertThat(run("routes", "--family", "ipv5").code()).isEqualTo(2);
    }

    /** A table larger than the agent's page: flatnetctl asks for each page after the last and shows them as one. */
    @Test
    void routesFollowTheAgentsPages() throws IOException {
        Result table = run("get", "routes", "--received", "--peer", "10.0.0.2");
        assertThat(table.err()).isEmpty();
        assertThat(requests).containsExactly("GET /v1/routes?view=received&peer=10.0.0.2",
                "GET /v1/routes?view=received&peer=10.0.0.2&after=10.244.2.0%2F24");
        assertThat(table.out()).contains("| 10.244.2.0/24 |", "| 10.96.0.0/12  |");
        Result json = run("get", "routes", "--received", "--peer", "10.0.0.2", "-o", "json");
        JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertThat(doc.get("routes")).extracting(r -> r.get("prefix").asText())
                .containsExactly("10.244.2.0/24", "10.96.0.0/12");
        assertThat(doc.get("truncated").asBoolean()).isFalse();
        assertThat(doc.get("next").isNull()).isTrue();
    }

    @Test
    void routesShowTheBestPathWhyItWonItsEqualsTheLosersAndTheKernel() throws IOException {
        Result r = run("get", "routes");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(requests).containsExactly("GET /v1/routes?view=loc-rib");
        assertThat(r.out()).isEqualTo(resource("loc-rib-table.txt"));
    }

    @Test
    void routesWideShowEveryAttributeAndTheReasonByName() {
        Result r = run("get", "routes", "--family", "ipv4", "-o", "wide");
        assertThat(r.code()).isZero();
        assertThat(requests).containsExactly("GET /v1/routes?view=loc-rib&family=ipv4");
        assertThat(r.out()).startsWith("IPv4 routes\n+---").doesNotContain("IPv6");
        assertThat(r.out()).contains(" PEER TYPE ", "| LOCAL PREF |", "| ORIGINATOR ID |", "| CLUSTER LIST |")
                .containsPattern("\\| 10\\.1\\.2\\.0/24 +\\| best +\\| 0 +\\| 10\\.0\\.0\\.2 +\\| 10\\.0\\.0\\.2 +"
                        + "\\| node-to-node mesh \\| - +\\| igp +\\| - +\\| 100 +\\| 65000:42 +\\| - +\\| - +"
                        + "\\| router-id +\\| installed via 10\\.0\\.0\\.2, 10\\.0\\.0\\.3 +\\|")
                .containsPattern("\\| +\\| candidate +\\| 0 +\\| 10\\.0\\.0\\.1 +\\| 10\\.0\\.0\\.1 +\\| global +"
                        + "\\| 65000 65001 +\\| igp +\\| 10 +\\|")
                .containsPattern("\\| unreachable +\\| 0 +\\| 10\\.9\\.9\\.9 .*\\| 10\\.0\\.0\\.7 +\\| 1\\.1\\.1\\.1 +"
                        + "\\| next-hop-unreachable +\\|");
    }

    @Test
    void routesForOnePrefixAsJsonAndYamlAreTheAgentsDocument() throws IOException {
        Result json = run("get", "routes", "--prefix", "10.1.2.0/24", "-o", "json");
        assertThat(json.code()).isZero();
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertThat(doc.get("view").asText()).isEqualTo("loc-rib");
        assertThat(doc.get("routes")).hasSize(1);
        assertThat(doc.get("routes").get(0).get("bestReason").asText()).isEqualTo("router-id");
        assertThat(doc.get("routes").get(0).get("kernel").get("nextHops")).hasSize(2);
        Result yaml = run("get", "routes", "--prefix", "10.1.2.0/24", "-o", "yaml");
        assertThat(yaml.code()).isZero();
        assertThat(yaml.out()).startsWith("view: loc-rib\nroutes:\n- prefix: 10.1.2.0/24\n")
                .contains("  bestReason: router-id\n", "    state: installed\n", "  - status: ecmp\n");
        Result table = run("get", "routes", "--prefix", "10.1.2.0/24");
        assertThat(table.out()).contains("| 10.1.2.0/24 | best ").doesNotContain("10.96.0.0/12");
        Result none = run("get", "routes", "--prefix", "10.7.0.0/16");
        assertThat(none.code()).isZero();
        assertThat(none.out()).isEqualTo("No routes in the Loc-RIB.\n");
        assertThat(run("get", "routes", "--prefix", "10.7.0.0").code()).isEqualTo(2);
    }

    private static String locRibOnly(String prefix) throws IOException {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var doc = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(resource("loc-rib.json"));
        var kept = mapper.createArrayNode();
        doc.get("routes").forEach(r -> {
            if (r.get("prefix").asText().equals(prefix)) {
                kept.add(r);
            }
        });
        doc.set("routes", kept);
        return mapper.writeValueAsString(doc);
    }

    @Test
    void getConfigShowsTheNodesViewPeerTypesAndNoPassword() throws IOException {
        Result r = run("get", "config");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(String.join("\n",
                "Node node-1, configured from file /etc/flatnet/flatnet.yaml",
                "  AS 64512, router id 10.0.0.1, route reflector with cluster id 224.0.0.1",
                "  Listening on port 179, every address; log level Info",
                "",
                "+--------------+-------------------+-------+-----------+----------+-------------+",
                "| PEER ADDRESS |     PEER TYPE     |  AS   | RR CLIENT | PASSWORD |   ORIGIN    |",
                "+--------------+-------------------+-------+-----------+----------+-------------+",
                "| 10.0.0.2     | node-to-node mesh | 64512 | yes       | set      | mesh        |",
                "| 10.0.0.254   | global            | 65001 | no        | -        | BGPPeer tor |",
                "+--------------+-------------------+-------+-----------+----------+-------------+",
                "",
                "+---------------+----------+-------------+",
                "|    PREFIX     |  SOURCE  | COMMUNITIES |",
                "+---------------+----------+-------------+",
                "| 10.244.1.0/24 | pod-cidr | 64512:100   |",
                "+---------------+----------+-------------+",
                "",
                "Warnings:",
                "  BGPPeer tor: eBGP without filters",
                ""));
        Result wide = run("get", "config", "-o", "wide");
        assertThat(wide.out()).contains("TTL SECURITY", "RESTART TIME", "| 30 s ", "| 300 s ", "| only-pods ",
                "| ipv4 ipv6 ", "| Self ");
        Result yaml = run("get", "config", "-o", "yaml");
        assertThat(yaml.out()).startsWith("source: file /etc/flatnet/flatnet.yaml\nnodeName: node-1\n")
                .contains("  passwordSet: true\n");
    }

    @Test
    void getConfigListsTheCommandLinesListenRanges() {
        ApiDocs.Config c = new ApiDocs.Config("command line", null,
                new ApiDocs.ConfigBgp(64512, "100.64.0.1", "244.0.0.1", null, List.of(), null), List.of(), List.of(),
                List.of(), List.of(), List.of(new ApiDocs.ConfigListenRange("nodes", List.of("100.64.0.0/16"), 64512,
                        100, 0, true)));
        assertThat(ConfigCommand.render(c, false)).contains(String.join("\n",
                "+--------------+---------------+-------+-------+--------------+------------+",
                "| LISTEN RANGE |     CIDRS     |  AS   | LIMIT | MAX PREFIXES | RR CLIENTS |",
                "+--------------+---------------+-------+-------+--------------+------------+",
                "| nodes        | 100.64.0.0/16 | 64512 | 100   | -            | yes        |",
                "+--------------+---------------+-------+-------+--------------+------------+"));
    }

    @Test
    void peerResetSoftAndHard() {
        Result soft = run("peer", "reset", "10.0.0.2");
        assertThat(soft.code()).isZero();
        assertThat(soft.out().strip()).isEqualTo("Peer 10.0.0.2: soft reset: asked the peer to send its routes again"
                + " (ROUTE-REFRESH).");
        Result hard = run("peer", "reset", "10.0.0.2", "--hard", "--message", "new MTU");
        assertThat(hard.code()).isZero();
        assertThat(hard.out()).contains("Cease 6/4");
        assertThat(requests).containsExactly("POST /v1/peers/10.0.0.2/reset {\"hard\":false}",
                "POST /v1/peers/10.0.0.2/reset {\"hard\":true,\"message\":\"new MTU\"}");
    }

    @Test
    void decommissionNeedsYes() {
        Result refused = run("decommission", "--message", "bye");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("add --yes to confirm");
        assertThat(requests).isEmpty();
        Result done = run("decommission", "--message", "bye", "--yes");
        assertThat(done.code()).isZero();
        assertThat(done.out()).startsWith("Decommissioned: sent Cease 6/2");
        assertThat(requests).containsExactly("POST /v1/decommission {\"message\":\"bye\"}");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(run("nonsense").code()).isEqualTo(2);
        assertThat(run("peer", "reset").code()).isEqualTo(2);
        assertThat(runAgainst("ftp://x", "peers").code()).isEqualTo(2);
    }
}
