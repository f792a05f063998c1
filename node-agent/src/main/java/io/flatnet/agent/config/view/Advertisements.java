package io.flatnet.agent.config.view;

import io.flatnet.agent.config.model.BgpConfigurationSpec;
import io.flatnet.agent.config.model.CommunityValue;
import io.flatnet.agent.config.model.NodeResource;
import io.flatnet.agent.config.model.PrefixAdvertisement;
import io.flatnet.bgp.model.IpPrefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes what a node advertises: its own pod CIDR blocks, and the service ranges of
 * BGPConfiguration, which every node advertises (so that traffic to a Service reaches any node
 * and kube-proxy there). Each route gets the communities of every {@code prefixAdvertisements}
 * entry whose CIDR contains it.
 */
final class Advertisements {
    private final Map<IpPrefix, ViewAdvertisement> byPrefix = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final BgpConfigurationSpec global;

    Advertisements(BgpConfigurationSpec global, NodeResource self) {
        this.global = global;
        self.spec().podCIDRs().forEach(p -> add(p, AdvertisementSource.POD_CIDR));
        global.serviceClusterIPs().forEach(p -> add(p, AdvertisementSource.SERVICE_CLUSTER_IPS));
        global.serviceExternalIPs().forEach(p -> add(p, AdvertisementSource.SERVICE_EXTERNAL_IPS));
        global.serviceLoadBalancerIPs().forEach(p -> add(p, AdvertisementSource.SERVICE_LOAD_BALANCER_IPS));
    }

    List<ViewAdvertisement> advertisements() {
        return List.copyOf(byPrefix.values());
    }

    List<IpPrefix> blackholes() {
        return List.copyOf(byPrefix.keySet());
    }

    List<String> warnings() {
        return warnings;
    }

    private void add(IpPrefix prefix, AdvertisementSource source) {
        ViewAdvertisement existing = byPrefix.get(prefix);
        if (existing != null) {
            warnings.add(prefix + " is listed as " + existing.source() + " and as " + source + "; advertised once");
            return;
        }
        List<CommunityValue> communities = new ArrayList<>();
        for (PrefixAdvertisement pa : global.prefixAdvertisements()) {
            if (pa.cidr().contains(prefix)) {
                pa.communities().forEach(c -> global.resolveCommunity(c).ifPresent(communities::add));
            }
        }
        byPrefix.put(prefix, new ViewAdvertisement(prefix, source, communities));
    }
}
