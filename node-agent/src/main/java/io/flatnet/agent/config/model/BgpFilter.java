package io.flatnet.agent.config.model;

import java.util.Objects;

/**
 * {@code kind: BGPFilter}: import and export rules that BGPPeers name in {@code filters}. Parsed
 * and checked here; turning them into the speaker's policy types is the policy work's job.
 */
public record BgpFilter(Metadata metadata, BgpFilterSpec spec) implements Resource {
    public static final String KIND = "BGPFilter";

    public BgpFilter {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(spec, "spec");
    }

    @Override
    public String kind() {
        return KIND;
    }
}
