package io.flatnet.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flatnet.k8s.crd.CustomObject;
import io.kubernetes.client.openapi.models.V1Endpoint;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Maps client-java's API objects to the snapshot's records: only what flatnet reads. */
final class Snapshots {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Snapshots() {}

    static NodeInfo node(V1Node n) {
        V1ObjectMeta m = n.getMetadata();
        List<String> podCIDRs = new ArrayList<>();
        if (n.getSpec() != null) {
            if (n.getSpec().getPodCIDRs() != null && !n.getSpec().getPodCIDRs().isEmpty()) {
                podCIDRs.addAll(n.getSpec().getPodCIDRs());
            } else if (n.getSpec().getPodCIDR() != null) {
                podCIDRs.add(n.getSpec().getPodCIDR());
            }
        }
        List<String> internal = new ArrayList<>();
        if (n.getStatus() != null && n.getStatus().getAddresses() != null) {
            for (V1NodeAddress a : n.getStatus().getAddresses()) {
                if ("InternalIP".equals(a.getType()) && a.getAddress() != null) {
                    internal.add(a.getAddress());
                }
            }
        }
        return new NodeInfo(m.getName(), orEmpty(m.getLabels()), orEmpty(m.getAnnotations()), podCIDRs, internal);
    }

    static ServiceInfo service(V1Service s) {
        V1ObjectMeta m = s.getMetadata();
        var spec = s.getSpec();
        List<String> clusterIPs = new ArrayList<>();
        List<String> externalIPs = new ArrayList<>();
        String type = "ClusterIP";
        String policy = "Cluster";
        if (spec != null) {
            if (spec.getClusterIPs() != null) {
                clusterIPs.addAll(spec.getClusterIPs());
            } else if (spec.getClusterIP() != null) {
                clusterIPs.add(spec.getClusterIP());
            }
            clusterIPs.removeIf(ip -> ip.isEmpty() || "None".equals(ip));
            if (spec.getExternalIPs() != null) {
                externalIPs.addAll(spec.getExternalIPs());
            }
            type = Objects.toString(spec.getType(), type);
            policy = Objects.toString(spec.getExternalTrafficPolicy(), policy);
        }
        List<String> lb = new ArrayList<>();
        if (s.getStatus() != null && s.getStatus().getLoadBalancer() != null
                && s.getStatus().getLoadBalancer().getIngress() != null) {
            for (V1LoadBalancerIngress i : s.getStatus().getLoadBalancer().getIngress()) {
                if (i.getIp() != null) {
                    lb.add(i.getIp());
                }
            }
        }
        return new ServiceInfo(m.getNamespace(), m.getName(), type, clusterIPs, externalIPs, lb, policy);
    }

    static EndpointSliceInfo endpointSlice(V1EndpointSlice s) {
        V1ObjectMeta m = s.getMetadata();
        String service = orEmpty(m.getLabels()).getOrDefault(EndpointSliceInfo.SERVICE_NAME_LABEL, "");
        Set<String> nodes = new TreeSet<>();
        if (s.getEndpoints() != null) {
            for (V1Endpoint e : s.getEndpoints()) {
                boolean ready = e.getConditions() == null || e.getConditions().getReady() == null
                        || e.getConditions().getReady();
                if (ready && e.getNodeName() != null) {
                    nodes.add(e.getNodeName());
                }
            }
        }
        return new EndpointSliceInfo(m.getNamespace(), m.getName(), service, nodes);
    }

    static FlatnetObject flatnet(String kind, CustomObject o) {
        V1ObjectMeta m = o.getMetadata();
        JsonNode spec;
        try {
            spec = JSON.readTree(o.getSpec().toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Gson wrote JSON that Jackson cannot read", e);
        }
        return new FlatnetObject(kind, m.getName(), orEmpty(m.getLabels()), spec);
    }

    /** Names of the Secrets that BGPPeer {@code password} and BGPConfiguration {@code nodeMeshPassword} refer to. */
    static Set<String> referencedSecrets(List<FlatnetObject> configurations, List<FlatnetObject> peers) {
        Set<String> names = new TreeSet<>();
        for (FlatnetObject c : configurations) {
            addRef(names, c.spec().path("nodeMeshPassword"));
        }
        for (FlatnetObject p : peers) {
            addRef(names, p.spec().path("password"));
        }
        return names;
    }

    private static void addRef(Set<String> names, JsonNode password) {
        JsonNode name = password.path("secretKeyRef").path("name");
        if (name.isTextual() && !name.asText().isBlank()) {
            names.add(name.asText());
        }
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
