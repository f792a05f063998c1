package io.flatnet.k8s;

import java.util.List;
import java.util.Objects;

/**
 * What flatnet reads of a Kubernetes {@code Service}.
 *
 * @param type                  {@code spec.type}: ClusterIP, NodePort, LoadBalancer, ExternalName
 * @param clusterIPs            {@code spec.clusterIPs} ({@code None} of headless services left out)
 * @param externalIPs           {@code spec.externalIPs}
 * @param loadBalancerIPs       {@code status.loadBalancer.ingress[].ip}
 * @param externalTrafficPolicy {@code spec.externalTrafficPolicy}: Cluster (the default) or Local
 */
public record ServiceInfo(String namespace, String name, String type, List<String> clusterIPs,
        List<String> externalIPs, List<String> loadBalancerIPs, String externalTrafficPolicy) {

    public ServiceInfo {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        clusterIPs = List.copyOf(clusterIPs);
        externalIPs = List.copyOf(externalIPs);
        loadBalancerIPs = List.copyOf(loadBalancerIPs);
        Objects.requireNonNull(externalTrafficPolicy, "externalTrafficPolicy");
    }

    /** {@code namespace/name}. */
    public String key() {
        return namespace + "/" + name;
    }

    /** {@code externalTrafficPolicy: Local}: traffic only goes to endpoints on the node it arrives at. */
    public boolean localTrafficOnly() {
        return "Local".equals(externalTrafficPolicy);
    }
}
