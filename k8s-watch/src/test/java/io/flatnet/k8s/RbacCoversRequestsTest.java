package io.flatnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flatnet.k8s.status.NodeStatus;
import io.flatnet.k8s.status.NodeStatusWriter;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * deploy/rbac.yaml against what the agent really asks: the watcher and the status writer run
 * against {@link FakeKubeApiServer}, every request it saw is turned into the RBAC verb, resource,
 * namespace and name the API server would authorize, and each must be granted; and every grant
 * must be used, so the rules stay least privilege as the code changes.
 */
class RbacCoversRequestsTest {

    /** What the API server authorizes for one request. */
    record Access(String verb, String group, String resource, String namespace, String name) {
        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "" : group + "/") + resource
                    + (namespace.isEmpty() ? "" : " in " + namespace) + (name.isEmpty() ? "" : " named " + name);
        }
    }

    @Test
    void everyRequestOfTheAgentIsGrantedAndEveryGrantIsUsed() throws Exception {
        Set<Access> used = new LinkedHashSet<>();
        try (FakeKubeApiServer api = new FakeKubeApiServer()) {
            Fixtures.cluster(api);
            ApiClient client = new ClientBuilder().setBasePath(api.url()).setReadTimeout(Duration.ZERO).build();
            List<ClusterSnapshot> snapshots = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (ClusterWatcher watcher = new ClusterWatcher(client, WatchOptions.DEFAULTS, snapshots::add);
                    NodeStatusWriter writer = new NodeStatusWriter(client, "node-1", Duration.ZERO)) {
                watcher.start();
                NodeStatus status = new NodeStatus(List.of(new NodeStatus.Peer("192.168.10.1", "Established",
                        Instant.now())), new NodeStatus.RouteCounts(1, 0, 0), Optional.empty());
                writer.offer(status);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (snapshots.isEmpty() || api.count("PUT", FakeKubeApiServer.STATUSES, null) == 0
                        || api.count("GET", FakeKubeApiServer.FLATNET_SECRETS, "watch=true") == 0) {
                    assertThat(System.nanoTime()).as("the agent lists, watches and writes its status").isLessThan(deadline);
                    Thread.sleep(20);
                }
            }
            // a restarted agent finds its status there already: it reads it back
            try (NodeStatusWriter again = new NodeStatusWriter(client, "node-1", Duration.ZERO)) {
                again.offer(new NodeStatus(List.of(), new NodeStatus.RouteCounts(0, 0, 0), Optional.empty()));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (api.count("PUT", FakeKubeApiServer.STATUSES, null) < 2) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    Thread.sleep(20);
                }
            }
            api.requests.forEach(r -> used.add(access(r)));
        }

        List<JsonNode> rbac = DeployManifestsTest.documents(Path.of("..", "deploy", "rbac.yaml"));
        JsonNode clusterRole = kind(rbac, "ClusterRole");
        JsonNode role = kind(rbac, "Role");
        String roleNamespace = role.path("metadata").path("namespace").asText();
        for (Access a : used) {
            boolean granted = grants(clusterRole, a) || a.namespace().equals(roleNamespace) && grants(role, a);
            assertThat(granted).as("deploy/rbac.yaml grants " + a).isTrue();
        }
        for (JsonNode r : List.of(clusterRole, role)) {
            for (JsonNode rule : r.path("rules")) {
                for (JsonNode resource : rule.path("resources")) {
                    for (JsonNode verb : rule.path("verbs")) {
                        assertThat(used).as("rbac.yaml grants " + verb.asText() + " " + resource.asText()
                                + ": the agent must use it").anyMatch(a -> a.verb().equals(verb.asText())
                                && a.resource().equals(resource.asText()));
                    }
                }
            }
        }
    }

    private static JsonNode kind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst().orElseThrow();
    }

    private static boolean grants(JsonNode role, Access a) {
        for (JsonNode rule : role.path("rules")) {
            boolean ok = contains(rule.path("apiGroups"), a.group()) && contains(rule.path("resources"), a.resource())
                    && contains(rule.path("verbs"), a.verb())
                    && (rule.path("resourceNames").isEmpty() || contains(rule.path("resourceNames"), a.name()));
            if (ok) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode v : array) {
            if (v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code GET /apis/flatnet.io/v1/bgpnodestatuses/node-1}, {@code GET /api/v1/namespaces/flatnet/secrets?
     * fieldSelector=metadata.name%3Dx&watch=true} and the like, as the API server's request info sees them:
     * a list or watch narrowed by {@code metadata.name} is authorized against that name.
     */
    static Access access(String request) {
        String method = request.substring(0, request.indexOf(' '));
        String rest = request.substring(method.length() + 1);
        String path = rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest;
        String query = rest.contains("?") ? URLDecoder.decode(rest.substring(rest.indexOf('?') + 1),
                StandardCharsets.UTF_8) : "";
        List<String> parts = List.of(path.substring(1).split("/"));
        int at;
        String group;
        if (parts.get(0).equals("api")) {
            group = "";
            at = 2;
        } else {
            group = parts.get(1);
            at = 3;
        }
        String namespace = "";
        if (parts.size() > at + 1 && parts.get(at).equals("namespaces")) {
            namespace = parts.get(at + 1);
            at += 2;
        }
        String resource = parts.get(at);
        String name = parts.size() > at + 1 ? parts.get(at + 1) : "";
        if (parts.size() > at + 2) {
            resource += "/" + parts.get(at + 2);
        }
        String verb = switch (method) {
            case "GET" -> name.isEmpty() ? (query.contains("watch=true") ? "watch" : "list") : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
        for (String q : query.split("&")) {
            if (q.startsWith("fieldSelector=metadata.name=")) {
                name = q.substring("fieldSelector=metadata.name=".length());
            }
        }
        return new Access(verb, group, resource, namespace, name);
    }
}
