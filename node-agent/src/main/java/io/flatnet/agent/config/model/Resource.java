package io.flatnet.agent.config.model;

/** One configuration resource; {@link #kind()} is the YAML {@code kind}. */
public sealed interface Resource permits BgpConfiguration, BgpPeer, BgpFilter, NodeResource {
    String API_VERSION = "flatnet.io/v1";

    String kind();

    Metadata metadata();

    default String name() {
        return metadata().name();
    }
}
