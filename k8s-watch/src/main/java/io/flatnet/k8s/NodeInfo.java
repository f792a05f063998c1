package io.flatnet.k8s;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What flatnet reads of a Kubernetes {@code Node}.
 *
 * @param podCIDRs    {@code spec.podCIDRs} (or the older single {@code spec.podCIDR}), as written
 * @param internalIPs {@code status.addresses} of type {@code InternalIP}, in the API's order
 */
public record NodeInfo(String name, Map<String, String> labels, Map<String, String> annotations,
        List<String> podCIDRs, List<String> internalIPs) {

    /** Nodes with this label set to {@code true} do not advertise LoadBalancer IPs. */
    public static final String EXCLUDE_FROM_LB_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";

    public NodeInfo {
        Objects.requireNonNull(name, "name");
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        annotations = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
        podCIDRs = List.copyOf(podCIDRs);
        internalIPs = List.copyOf(internalIPs);
    }

    public boolean excludedFromExternalLoadBalancers() {
        return "true".equalsIgnoreCase(labels.get(EXCLUDE_FROM_LB_LABEL));
    }
}
