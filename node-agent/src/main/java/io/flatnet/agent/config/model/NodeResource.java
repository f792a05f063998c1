package io.flatnet.agent.config.model;

import java.util.Objects;

/**
 * {@code kind: Node}: one node of the cluster (named {@code NodeResource} in Java to keep it apart
 * from the many other nodes in a program). {@code metadata.labels} are what selectors match.
 */
public record NodeResource(Metadata metadata, NodeSpec spec) implements Resource {
    public static final String KIND = "Node";

    public NodeResource {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(spec, "spec");
    }

    @Override
    public String kind() {
        return KIND;
    }
}
