package io.flatnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every YAML file under {@code deploy/} parses, and the CRD schemas accept the example configuration. */
class DeployManifestsTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser p = (YAMLParser) YAML.getFactory().createParser(file.toFile())) {
            var it = YAML.readValues(p, JsonNode.class);
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            }
        }
        return docs;
    }

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> s = Files.list(DEPLOY)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    @Test
    void everyYamlFileParsesIntoKubernetesObjects() throws IOException {
        List<Path> files = yamlFiles();
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("crds.yaml", "rbac.yaml", "daemonset.yaml", "cluster-config.example.yaml");
        for (Path f : files) {
            List<JsonNode> docs = documents(f);
            assertThat(docs).as(f.toString()).isNotEmpty();
            for (JsonNode d : docs) {
                assertThat(d.path("apiVersion").asText()).as(f + ": apiVersion").isNotEmpty();
                assertThat(d.path("kind").asText()).as(f + ": kind").isNotEmpty();
                assertThat(d.path("metadata").path("name").asText()).as(f + ": metadata.name").isNotEmpty();
            }
        }
        assertThat(Files.exists(DEPLOY.resolve("Containerfile"))).isTrue();
    }

    private static Map<String, JsonNode> crdSchemas() throws IOException {
        Map<String, JsonNode> schemas = new HashMap<>();
        for (JsonNode crd : documents(DEPLOY.resolve("crds.yaml"))) {
            assertThat(crd.path("kind").asText()).isEqualTo("CustomResourceDefinition");
            JsonNode spec = crd.path("spec");
            assertThat(crd.path("metadata").path("name").asText())
                    .isEqualTo(spec.path("names").path("plural").asText() + "." + spec.path("group").asText());
            assertThat(spec.path("scope").asText()).isEqualTo("Cluster");
            JsonNode version = spec.path("versions").get(0);
            schemas.put(spec.path("names").path("kind").asText(), version.path("schema").path("openAPIV3Schema"));
        }
        return schemas;
    }

    @Test
    void theCrdsCoverEveryKindAndOnlyTheStatusKindHasAStatusSubresource() throws IOException {
        assertThat(crdSchemas()).containsOnlyKeys("BGPConfiguration", "BGPPeer", "BGPFilter", "BGPNodeStatus");
        for (JsonNode crd : documents(DEPLOY.resolve("crds.yaml"))) {
            boolean status = crd.path("spec").path("versions").get(0).path("subresources").has("status");
            assertThat(status).as(crd.path("metadata").path("name").asText())
                    .isEqualTo(crd.path("spec").path("names").path("kind").asText().equals("BGPNodeStatus"));
        }
    }

    @Test
    void theSchemasAcceptTheExampleConfigurationAndRefuseMistakes() throws IOException {
        Map<String, JsonNode> schemas = crdSchemas();
        int checked = 0;
        for (JsonNode doc : documents(DEPLOY.resolve("cluster-config.example.yaml"))) {
            JsonNode schema = schemas.get(doc.path("kind").asText());
            if (schema == null) {
                continue; // the Secret
            }
            assertThat(SchemaCheck.validate(schema, doc)).as(doc.path("kind") + " " + doc.path("metadata")).isEmpty();
            checked++;
        }
        assertThat(checked).isEqualTo(3);

        JsonNode peer = documents(DEPLOY.resolve("cluster-config.example.yaml")).get(1);
        ObjectNode bad = peer.deepCopy();
        ((ObjectNode) bad.path("spec")).put("ttlSecurity", 300).put("keepaliveTime", "30").put("peerIp", "1.2.3.4");
        ((ObjectNode) bad.path("spec").path("password")).putObject("inline");
        assertThat(SchemaCheck.validate(schemas.get("BGPPeer"), bad)).containsExactlyInAnyOrder(
                ".spec.ttlSecurity: above 255",
                ".spec.keepaliveTime: '30' does not match ^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$",
                ".spec.peerIp: unknown field",
                ".spec.password.inline: unknown field");

        // what the agent writes fits BGPNodeStatus
        ObjectNode status = YAML.createObjectNode().put("apiVersion", "flatnet.io/v1").put("kind", "BGPNodeStatus");
        status.putObject("metadata").put("name", "node-1");
        status.putObject("spec").put("node", "node-1");
        status.set("status", YAML.valueToTree(io.flatnet.k8s.status.NodeStatusMaps.example()));
        assertThat(SchemaCheck.validate(schemas.get("BGPNodeStatus"), status)).isEmpty();
    }

    @Test
    void theDaemonSetRunsOnTheHostNetworkWithProbesAndAGracePeriodLongerThanTheRestartTime() throws IOException {
        JsonNode ds = documents(DEPLOY.resolve("daemonset.yaml")).stream()
                .filter(d -> d.path("kind").asText().equals("DaemonSet")).findFirst().orElseThrow();
        JsonNode pod = ds.path("spec").path("template").path("spec");
        assertThat(pod.path("hostNetwork").asBoolean()).isTrue();
        assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isGreaterThan(120);
        JsonNode c = pod.path("containers").get(0);
        assertThat(c.path("securityContext").path("capabilities").path("add").toString())
                .contains("NET_ADMIN", "NET_RAW");
        assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
        assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/readyz");
        assertThat(c.path("env").toString()).contains("NODENAME", "spec.nodeName");
        assertThat(pod.path("serviceAccountName").asText()).isEqualTo("flatnet");
    }

    @Test
    void theRbacIsLeastPrivilege() throws IOException {
        List<JsonNode> docs = documents(DEPLOY.resolve("rbac.yaml"));
        JsonNode clusterRole = docs.stream().filter(d -> d.path("kind").asText().equals("ClusterRole")).findFirst()
                .orElseThrow();
        for (JsonNode rule : clusterRole.path("rules")) {
            assertThat(rule.path("resources").toString()).doesNotContain("secrets").doesNotContain("*");
            boolean writes = rule.path("verbs").toString().matches(".*(create|update|patch|delete).*");
            if (writes) {
                List<String> resources = new ArrayList<>();
                rule.path("resources").forEach(r -> resources.add(r.asText()));
                assertThat(resources).isSubsetOf("bgpnodestatuses", "bgpnodestatuses/status");
            }
            assertThat(rule.path("verbs").toString()).doesNotContain("delete", "*");
        }
        JsonNode role = docs.stream().filter(d -> d.path("kind").asText().equals("Role")).findFirst().orElseThrow();
        assertThat(role.path("rules").get(0).path("resourceNames")).isNotEmpty();
        assertThat(role.path("rules").get(0).path("verbs").toString()).isEqualTo("[\"list\",\"watch\"]");
    }
}
