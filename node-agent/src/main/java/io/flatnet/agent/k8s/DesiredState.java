package io.flatnet.agent.k8s;

import io.flatnet.agent.config.ConfigException;
import io.flatnet.agent.config.ConfigResources;
import io.flatnet.agent.config.model.BgpConfigurationSpec;
import io.flatnet.agent.config.model.CommunityValue;
import io.flatnet.agent.config.model.PrefixAdvertisement;
import io.flatnet.agent.config.view.AdvertisementSource;
import io.flatnet.agent.config.view.NodeView;
import io.flatnet.agent.config.view.ViewAdvertisement;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.k8s.ClusterSnapshot;
import io.flatnet.k8s.ServiceAdvertisements;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one node should do, computed from a cluster snapshot: the {@link NodeView} (the same
 * computation as the file mode), with the service ranges of the view narrowed and completed by
 * {@link ServiceAdvertisements} (single-address entries only while a service uses them, no
 * LoadBalancer addresses from excluded nodes, {@code externalTrafficPolicy: Local} host routes
 * from the nodes with a ready endpoint).
 */
public record DesiredState(NodeView view, Set<PeerConfig> peers, List<ViewAdvertisement> advertised,
        List<ServiceAdvertisements.Route> serviceRoutes) {

    public DesiredState {
        peers = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(peers));
        advertised = List.copyOf(advertised);
        serviceRoutes = List.copyOf(serviceRoutes);
    }

    /** What the speaker is given: {@link #advertised()} without the reasons. */
    public Set<Advertisement> advertisements() {
        Set<Advertisement> result = new LinkedHashSet<>();
        advertised.forEach(a -> result.add(a.toAdvertisement()));
        return java.util.Collections.unmodifiableSet(result);
    }

    public static DesiredState compute(ClusterSnapshot snapshot, String nodeName, String namespace)
            throws ConfigException {
        ConfigResources resources = SnapshotResources.of(snapshot, namespace);
        NodeView view = NodeView.compute(resources, nodeName);
        BgpConfigurationSpec global = resources.global();
        ServiceAdvertisements.Ranges ranges = new ServiceAdvertisements.Ranges(global.serviceClusterIPs(),
                global.serviceExternalIPs(), global.serviceLoadBalancerIPs());
        List<ServiceAdvertisements.Route> routes = ServiceAdvertisements.compute(snapshot, nodeName, ranges);
        Set<IpPrefix> wanted = new LinkedHashSet<>();
        routes.forEach(r -> wanted.add(r.prefix()));

        Map<IpPrefix, ViewAdvertisement> ads = new LinkedHashMap<>();
        for (ViewAdvertisement a : view.advertisements()) {
            if (a.source() != AdvertisementSource.POD_CIDR && !wanted.contains(a.prefix())) {
                continue; // a single-address entry no service uses, or LoadBalancer ranges on an excluded node
            }
            ads.put(a.prefix(), a);
        }
        for (ServiceAdvertisements.Route r : routes) {
            ads.computeIfAbsent(r.prefix(), p -> new ViewAdvertisement(p, sourceOf(r), communities(global, p)));
        }
        return new DesiredState(view, view.peerConfigs(), List.copyOf(ads.values()), routes);
    }

    private static AdvertisementSource sourceOf(ServiceAdvertisements.Route r) {
        return switch (r.reason()) {
            case CLUSTER_IP_RANGE -> AdvertisementSource.SERVICE_CLUSTER_IPS;
            case EXTERNAL_IP_RANGE -> AdvertisementSource.SERVICE_EXTERNAL_IPS;
            default -> AdvertisementSource.SERVICE_LOAD_BALANCER_IPS;
        };
    }

    /** The communities of every {@code prefixAdvertisements} entry containing {@code prefix}, as the view attaches them. */
    private static List<CommunityValue> communities(BgpConfigurationSpec global, IpPrefix prefix) {
        List<CommunityValue> result = new ArrayList<>();
        for (PrefixAdvertisement pa : global.prefixAdvertisements()) {
            if (pa.cidr().contains(prefix)) {
                pa.communities().forEach(c -> global.resolveCommunity(c).ifPresent(result::add));
            }
        }
        return result;
    }
}
