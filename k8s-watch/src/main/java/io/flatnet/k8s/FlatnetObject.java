package io.flatnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One flatnet custom resource as the API holds it ({@code BGPConfiguration}, {@code BGPPeer} or
 * {@code BGPFilter}): its name, labels and {@code spec} as JSON. The agent reads the spec with the
 * same readers as the standalone file, so the checks are the same in both modes.
 */
public record FlatnetObject(String kind, String name, Map<String, String> labels, JsonNode spec) {
    public FlatnetObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        Objects.requireNonNull(spec, "spec");
    }
}
