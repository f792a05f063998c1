package io.flatnet.k8s;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything flatnet reads from the cluster at one moment, taken from the informers' caches after
 * all of them have synced. Lists are sorted by name, so two snapshots of the same state are equal.
 *
 * @param secrets the Secrets (in the flatnet namespace) that BGP passwords refer to, by name;
 *                a referenced Secret that does not exist is absent
 */
public record ClusterSnapshot(
        List<NodeInfo> nodes,
        List<ServiceInfo> services,
        List<EndpointSliceInfo> endpointSlices,
        List<FlatnetObject> bgpConfigurations,
        List<FlatnetObject> bgpPeers,
        List<FlatnetObject> bgpFilters,
        Map<String, SecretData> secrets) {

    public ClusterSnapshot {
        nodes = sorted(nodes, Comparator.comparing(NodeInfo::name));
        services = sorted(services, Comparator.comparing(ServiceInfo::key));
        endpointSlices = sorted(endpointSlices,
                Comparator.comparing(EndpointSliceInfo::namespace).thenComparing(EndpointSliceInfo::name));
        bgpConfigurations = sorted(bgpConfigurations, Comparator.comparing(FlatnetObject::name));
        bgpPeers = sorted(bgpPeers, Comparator.comparing(FlatnetObject::name));
        bgpFilters = sorted(bgpFilters, Comparator.comparing(FlatnetObject::name));
        secrets = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(secrets));
    }

    public Optional<NodeInfo> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public Optional<ServiceInfo> service(String namespace, String name) {
        return services.stream().filter(s -> s.namespace().equals(namespace) && s.name().equals(name)).findFirst();
    }

    /** The nodes holding a ready endpoint of the service {@code namespace/name}, over all its slices. */
    public Set<String> readyEndpointNodes(String serviceKey) {
        Set<String> result = new TreeSet<>();
        for (EndpointSliceInfo s : endpointSlices) {
            if (s.serviceKey().equals(serviceKey)) {
                result.addAll(s.readyNodes());
            }
        }
        return result;
    }

    private static <T> List<T> sorted(List<T> items, Comparator<T> order) {
        return items.stream().sorted(order).toList();
    }
}
