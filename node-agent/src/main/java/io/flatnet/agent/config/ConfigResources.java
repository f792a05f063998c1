package io.flatnet.agent.config;

import io.flatnet.agent.config.model.BgpConfiguration;
import io.flatnet.agent.config.model.BgpConfigurationSpec;
import io.flatnet.agent.config.model.BgpFilter;
import io.flatnet.agent.config.model.BgpPeer;
import io.flatnet.agent.config.model.NodeResource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every resource of one configuration, checked as a whole (names unique per kind, references
 * resolved), in the order they were written.
 *
 * @param source           where they came from, for messages: a file name, or {@code kubernetes}
 * @param bgpConfiguration the {@code default} BGPConfiguration, if any
 */
public record ConfigResources(
        String source,
        Optional<BgpConfiguration> bgpConfiguration,
        List<BgpPeer> peers,
        List<BgpFilter> filters,
        List<NodeResource> nodes) {

    public ConfigResources {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(bgpConfiguration, "bgpConfiguration");
        peers = List.copyOf(peers);
        filters = List.copyOf(filters);
        nodes = List.copyOf(nodes);
    }

    /** The cluster-wide settings: the default BGPConfiguration's spec, or the defaults. */
    public BgpConfigurationSpec global() {
        return bgpConfiguration.map(BgpConfiguration::spec).orElse(BgpConfigurationSpec.DEFAULTS);
    }

    public Optional<NodeResource> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public Optional<BgpFilter> filter(String name) {
        return filters.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
