package io.flatnet.agent.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flatnet.agent.config.ConfigException;
import io.flatnet.agent.config.ConfigProblem;
import io.flatnet.agent.config.ConfigResources;
import io.flatnet.agent.config.file.ConfigFileLoader;
import io.flatnet.agent.config.model.Resource;
import io.flatnet.k8s.ClusterSnapshot;
import io.flatnet.k8s.FlatnetObject;
import io.flatnet.k8s.NodeInfo;
import io.flatnet.k8s.SecretData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a cluster snapshot into configuration resources, through the standalone file's reader:
 * each flatnet object becomes one document, each Kubernetes Node a {@code kind: Node} document,
 * and every {@code secretKeyRef} the key it names. A Node's BGP address is its first InternalIP of
 * each family unless an annotation says otherwise ({@value #IPV4_ADDRESS}, {@value #IPV6_ADDRESS},
 * with the subnet length, as Calico's Node {@code bgp.ipv4Address}); {@value #AS_NUMBER} and
 * {@value #ROUTE_REFLECTOR_CLUSTER_ID} set the node's AS and make it a route reflector.
 */
public final class SnapshotResources {
    public static final String IPV4_ADDRESS = "flatnet.io/ipv4-address";
    public static final String IPV6_ADDRESS = "flatnet.io/ipv6-address";
    public static final String AS_NUMBER = "flatnet.io/as-number";
    public static final String ROUTE_REFLECTOR_CLUSTER_ID = "flatnet.io/route-reflector-cluster-id";
    static final String SOURCE = "kubernetes";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SnapshotResources() {}

    public static ConfigResources of(ClusterSnapshot snapshot, String namespace) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (FlatnetObject o : snapshot.bgpConfigurations()) {
            ObjectNode spec = o.spec().deepCopy();
            resolvePassword(spec, "nodeMeshPassword", o, snapshot, namespace, problems);
            append(text, o.kind(), o, spec);
        }
        for (FlatnetObject o : snapshot.bgpPeers()) {
            ObjectNode spec = o.spec().deepCopy();
            resolvePassword(spec, "password", o, snapshot, namespace, problems);
            append(text, o.kind(), o, spec);
        }
        for (FlatnetObject o : snapshot.bgpFilters()) {
            append(text, o.kind(), o, o.spec().deepCopy());
        }
        for (NodeInfo n : snapshot.nodes()) {
            append(text, "Node", new FlatnetObject("Node", n.name(), n.labels(), JSON.createObjectNode()), nodeSpec(n));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return ConfigFileLoader.parse(SOURCE, text.toString());
    }

    private static ObjectNode nodeSpec(NodeInfo n) {
        ObjectNode spec = JSON.createObjectNode();
        ObjectNode bgp = spec.putObject("bgp");
        Optional<String> v4 = Optional.ofNullable(n.annotations().get(IPV4_ADDRESS))
                .or(() -> n.internalIPs().stream().filter(a -> !a.contains(":")).findFirst());
        Optional<String> v6 = Optional.ofNullable(n.annotations().get(IPV6_ADDRESS))
                .or(() -> n.internalIPs().stream().filter(a -> a.contains(":")).findFirst());
        v4.ifPresent(a -> bgp.put("ipv4Address", a));
        v6.ifPresent(a -> bgp.put("ipv6Address", a));
        Optional.ofNullable(n.annotations().get(AS_NUMBER)).ifPresent(a -> bgp.put("asNumber", a));
        Optional.ofNullable(n.annotations().get(ROUTE_REFLECTOR_CLUSTER_ID))
                .ifPresent(a -> bgp.put("routeReflectorClusterID", a));
        if (bgp.isEmpty()) {
            spec.remove("bgp");
        }
        ArrayNode cidrs = spec.putArray("podCIDRs");
        n.podCIDRs().forEach(cidrs::add);
        return spec;
    }

    /** Replaces {@code secretKeyRef: {name, key}} by {@code inline: <the key>}, or records why it cannot. */
    private static void resolvePassword(ObjectNode spec, String field, FlatnetObject owner, ClusterSnapshot snapshot,
            String namespace, List<ConfigProblem> problems) {
        JsonNode ref = spec.path(field).path("secretKeyRef");
        if (!ref.isObject()) {
            return;
        }
        String name = ref.path("name").asText("");
        String key = ref.path("key").asText("");
        Optional<String> value = Optional.ofNullable(snapshot.secrets().get(name)).flatMap(d -> d.get(key));
        if (value.isEmpty()) {
            SecretData data = snapshot.secrets().get(name);
            String found = data == null ? "Secret " + namespace + "/" + name + " does not exist or may not be read"
                    : "Secret " + namespace + "/" + name + " has no key '" + key + "' (it has " + data.data().keySet() + ")";
            problems.add(new ConfigProblem(SOURCE, 0, owner.kind() + " " + owner.name(), 0,
                    "spec." + field + ".secretKeyRef", found + "; expected a Secret in namespace " + namespace
                    + " that the agent's Role names, with that key"));
            spec.remove(field);
            return;
        }
        ObjectNode inline = JSON.createObjectNode().put("inline", value.get());
        spec.set(field, inline);
    }

    private static void append(StringBuilder text, String kind, FlatnetObject o, ObjectNode spec) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("apiVersion", Resource.API_VERSION);
        doc.put("kind", kind);
        ObjectNode meta = doc.putObject("metadata");
        meta.put("name", o.name());
        if (!o.labels().isEmpty()) {
            meta.set("labels", JSON.valueToTree(o.labels()));
        }
        doc.set("spec", spec);
        text.append("---\n").append(doc).append('\n');
    }
}
