package io.flatnet.agent.config.model;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** {@code metadata}: the resource's name (unique per kind) and its labels. */
public record Metadata(String name, Map<String, String> labels) {
    public Metadata {
        Objects.requireNonNull(name, "name");
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    public static Metadata named(String name) {
        return new Metadata(name, Map.of());
    }
}
