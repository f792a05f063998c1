package io.flatnet.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** API objects for the tests, written as the API server sends them. */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    public static ObjectNode node(String name, String podCIDR, String internalIP, Map<String, String> labels) {
        ObjectNode n = JSON.createObjectNode();
        n.with("metadata").put("name", name).set("labels", JSON.valueToTree(labels));
        n.with("spec").put("podCIDR", podCIDR).putArray("podCIDRs").add(podCIDR);
        var addresses = n.with("status").putArray("addresses");
        addresses.addObject().put("type", "InternalIP").put("address", internalIP);
        addresses.addObject().put("type", "Hostname").put("address", name);
        return n;
    }

    public static ObjectNode service(String ns, String name, String type, String clusterIP, String policy,
            List<String> externalIPs, List<String> lbIPs) {
        ObjectNode s = JSON.createObjectNode();
        s.with("metadata").put("namespace", ns).put("name", name);
        ObjectNode spec = s.with("spec").put("type", type).put("clusterIP", clusterIP);
        spec.putArray("clusterIPs").add(clusterIP);
        if (policy != null) {
            spec.put("externalTrafficPolicy", policy);
        }
        if (!externalIPs.isEmpty()) {
            externalIPs.forEach(spec.putArray("externalIPs")::add);
        }
        var ingress = s.with("status").with("loadBalancer").putArray("ingress");
        lbIPs.forEach(ip -> ingress.addObject().put("ip", ip));
        return s;
    }

    /** An EndpointSlice with one endpoint per entry of {@code nodesReady}: node name to ready. */
    public static ObjectNode slice(String ns, String name, String service, Map<String, Boolean> nodesReady) {
        ObjectNode s = JSON.createObjectNode();
        s.with("metadata").put("namespace", ns).put("name", name).with("labels")
                .put("kubernetes.io/service-name", service);
        s.put("addressType", "IPv4");
        var endpoints = s.putArray("endpoints");
        int i = 1;
        for (var e : nodesReady.entrySet()) {
            ObjectNode ep = endpoints.addObject().put("nodeName", e.getKey());
            ep.putArray("addresses").add("10.244.9." + i++);
            ep.with("conditions").put("ready", e.getValue());
        }
        return s;
    }

    public static ObjectNode flatnet(String name, String specJson) {
        ObjectNode o = JSON.createObjectNode();
        o.with("metadata").put("name", name);
        try {
            o.set("spec", JSON.readTree(specJson));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        return o;
    }

    public static ObjectNode secret(String ns, String name, String key, String value) {
        ObjectNode s = JSON.createObjectNode();
        s.with("metadata").put("namespace", ns).put("name", name);
        s.put("type", "Opaque");
        s.with("data").put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        return s;
    }

    /** Three nodes (node-3 excluded from load balancers), two services, a BGP configuration with a peer and a secret. */
    public static void cluster(FakeKubeApiServer api) {
        api.put(FakeKubeApiServer.NODES, node("node-1", "10.244.1.0/24", "192.168.10.11", Map.of("rack", "r1")));
        api.put(FakeKubeApiServer.NODES, node("node-2", "10.244.2.0/24", "192.168.10.12", Map.of("rack", "r1")));
        api.put(FakeKubeApiServer.NODES, node("node-3", "10.244.3.0/24", "192.168.10.13",
                Map.of("rack", "r1", NodeInfo.EXCLUDE_FROM_LB_LABEL, "true")));
        api.put(FakeKubeApiServer.SERVICES, service("default", "web", "ClusterIP", "10.96.0.10", null,
                List.of(), List.of()));
        api.put(FakeKubeApiServer.SERVICES, service("default", "ingress", "LoadBalancer", "10.96.0.20", "Local",
                List.of(), List.of("203.0.113.10")));
        api.put(FakeKubeApiServer.SLICES, slice("default", "ingress-abcde", "ingress", Map.of("node-1", true)));
        api.put(FakeKubeApiServer.CONFIGS, flatnet("default", """
                {"asNumber": 64512, "serviceClusterIPs": [{"cidr": "10.96.0.0/12"}],
                 "serviceLoadBalancerIPs": [{"cidr": "203.0.113.0/24"}]}"""));
        api.put(FakeKubeApiServer.PEERS, flatnet("tor", """
                {"nodeSelector": "rack == 'r1'", "peerIP": "192.168.10.1", "asNumber": 65001,
                 "password": {"secretKeyRef": {"name": "bgp-passwords", "key": "tor"}}, "filters": ["tor-out"]}"""));
        api.put(FakeKubeApiServer.FILTERS, flatnet("tor-out", """
                {"exportV4": [{"action": "Accept", "matchOperator": "In", "cidr": "10.244.0.0/16"},
                              {"action": "Reject"}]}"""));
        api.put(FakeKubeApiServer.SECRETS, secret("flatnet", "bgp-passwords", "tor", "s3cret"));
    }
}
