package io.flatnet.k8s;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The decoded {@code data} of a Secret that a BGP password refers to. {@link #toString()} hides the values. */
public record SecretData(Map<String, String> data) {
    public SecretData {
        data = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(data));
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(data.get(key));
    }

    @Override
    public String toString() {
        return "SecretData" + data.keySet();
    }
}
