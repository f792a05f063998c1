package io.flatnet.agent.config.model;

import java.util.Objects;

/**
 * {@code kind: BGPConfiguration}: cluster-wide BGP settings. Only the one named {@code default}
 * is read (Calico's per-node {@code node.<name>} configurations are not supported yet). Without
 * one, {@link BgpConfigurationSpec#DEFAULTS} apply.
 */
public record BgpConfiguration(Metadata metadata, BgpConfigurationSpec spec) implements Resource {
    public static final String KIND = "BGPConfiguration";
    public static final String DEFAULT_NAME = "default";

    public BgpConfiguration {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(spec, "spec");
    }

    @Override
    public String kind() {
        return KIND;
    }
}
