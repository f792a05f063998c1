package io.flatnet.k8s;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What flatnet reads of a {@code discovery.k8s.io/v1 EndpointSlice}: the service it belongs to
 * (label {@code kubernetes.io/service-name}) and the nodes that hold at least one of its ready
 * endpoints ({@code conditions.ready} true or unset, as the API defines it).
 */
public record EndpointSliceInfo(String namespace, String name, String serviceName, Set<String> readyNodes) {
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    public EndpointSliceInfo {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(serviceName, "serviceName");
        readyNodes = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(readyNodes));
    }

    /** {@code namespace/serviceName}, as {@link ServiceInfo#key()}. */
    public String serviceKey() {
        return namespace + "/" + serviceName;
    }
}
