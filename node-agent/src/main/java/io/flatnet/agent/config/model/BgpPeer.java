package io.flatnet.agent.config.model;

import java.util.Objects;

/** {@code kind: BGPPeer}: a peering that some or all nodes set up. */
public record BgpPeer(Metadata metadata, BgpPeerSpec spec) implements Resource {
    public static final String KIND = "BGPPeer";

    public BgpPeer {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(spec, "spec");
    }

    @Override
    public String kind() {
        return KIND;
    }
}
