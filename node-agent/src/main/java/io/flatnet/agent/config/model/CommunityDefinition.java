package io.flatnet.agent.config.model;

import java.util.Objects;

/** One entry of {@code BGPConfiguration.spec.communities}: {@code name} and {@code value}. */
public record CommunityDefinition(String name, CommunityValue value) {
    public CommunityDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
