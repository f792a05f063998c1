package io.flatnet.k8s;

import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which service routes one node advertises, with the semantics of Calico's service IP
 * advertisement:
 * <ul>
 *   <li>A range in {@code serviceClusterIPs}, {@code serviceExternalIPs} or
 *       {@code serviceLoadBalancerIPs} wider than one address is advertised from every node.</li>
 *   <li>A single-address entry (/32, /128) is an allow-list entry: the address is advertised, as a
 *       host route, only while a service uses it.</li>
 *   <li>A service with {@code externalTrafficPolicy: Local} gets a host route for each of its
 *       addresses inside a configured range, advertised only from the nodes that hold one of its
 *       ready endpoints; it moves when the endpoints move.</li>
 *   <li>A node labelled {@code node.kubernetes.io/exclude-from-external-load-balancers=true}
 *       advertises no LoadBalancer address, neither the ranges nor host routes.</li>
 * </ul>
 * Addresses outside every configured range are never advertised.
 */
public final class ServiceAdvertisements {

    /** The three range lists of BGPConfiguration, parsed. */
    public record Ranges(List<IpPrefix> clusterIPs, List<IpPrefix> externalIPs, List<IpPrefix> loadBalancerIPs) {
        public static final Ranges NONE = new Ranges(List.of(), List.of(), List.of());

        public Ranges {
            clusterIPs = List.copyOf(clusterIPs);
            externalIPs = List.copyOf(externalIPs);
            loadBalancerIPs = List.copyOf(loadBalancerIPs);
        }
    }

    /** Why a service route is advertised. */
    public enum Reason {
        CLUSTER_IP_RANGE, EXTERNAL_IP_RANGE, LOAD_BALANCER_IP_RANGE,
        /** A single-address allow-list entry that a service uses. */
        ALLOWED_SERVICE_IP,
        /** An {@code externalTrafficPolicy: Local} service with a ready endpoint on this node. */
        LOCAL_ENDPOINT_SERVICE_IP
    }

    /**
     * One route to advertise.
     *
     * @param services the services ({@code namespace/name}) that cause a host route; empty for a range
     */
    public record Route(IpPrefix prefix, Reason reason, List<String> services) {
        public Route {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(reason, "reason");
            services = List.copyOf(services);
        }
    }

    private enum Kind { CLUSTER, EXTERNAL, LOAD_BALANCER }

    private ServiceAdvertisements() {}

    /** The service routes {@code nodeName} advertises, ranges first, then host routes in address order. */
    public static List<Route> compute(ClusterSnapshot snapshot, String nodeName, Ranges ranges) {
        boolean excluded = snapshot.node(nodeName).map(NodeInfo::excludedFromExternalLoadBalancers).orElse(false);
        Map<IpPrefix, Route> result = new LinkedHashMap<>();
        addRanges(result, ranges.clusterIPs(), Reason.CLUSTER_IP_RANGE);
        addRanges(result, ranges.externalIPs(), Reason.EXTERNAL_IP_RANGE);
        if (!excluded) {
            addRanges(result, ranges.loadBalancerIPs(), Reason.LOAD_BALANCER_IP_RANGE);
        }
        Map<IpPrefix, Route> hosts = new java.util.TreeMap<>();
        for (ServiceInfo service : snapshot.services()) {
            boolean local = service.localTrafficOnly();
            boolean hasLocalEndpoint = local && snapshot.readyEndpointNodes(service.key()).contains(nodeName);
            for (Kind kind : Kind.values()) {
                if (kind == Kind.LOAD_BALANCER && excluded) {
                    continue;
                }
                for (String text : addressesOf(service, kind)) {
                    Optional<IpAddress> address = parse(text);
                    if (address.isEmpty()) {
                        continue;
                    }
                    Optional<IpPrefix> entry = covering(rangesOf(ranges, kind), address.get());
                    if (entry.isEmpty()) {
                        continue;
                    }
                    IpPrefix host = IpPrefix.of(address.get(), address.get().afi().maxPrefixLength());
                    Reason reason;
                    if (local) {
                        if (!hasLocalEndpoint) {
                            continue;
                        }
                        reason = Reason.LOCAL_ENDPOINT_SERVICE_IP;
                    } else if (isHost(entry.get())) {
                        reason = Reason.ALLOWED_SERVICE_IP;
                    } else {
                        continue; // the range already covers it
                    }
                    if (result.containsKey(host)) {
                        continue;
                    }
                    Route existing = hosts.get(host);
                    List<String> services = new ArrayList<>(existing == null ? List.of() : existing.services());
                    if (!services.contains(service.key())) {
                        services.add(service.key());
                    }
                    Reason kept = existing != null && existing.reason() == Reason.ALLOWED_SERVICE_IP ? existing.reason() : reason;
                    hosts.put(host, new Route(host, kept, services));
                }
            }
        }
        result.putAll(hosts);
        return List.copyOf(result.values());
    }

    private static void addRanges(Map<IpPrefix, Route> result, List<IpPrefix> ranges, Reason reason) {
        for (IpPrefix p : ranges) {
            if (!isHost(p)) {
                result.putIfAbsent(p, new Route(p, reason, List.of()));
            }
        }
    }

    private static boolean isHost(IpPrefix p) {
        return p.length() == p.afi().maxPrefixLength();
    }

    private static List<String> addressesOf(ServiceInfo s, Kind kind) {
        return switch (kind) {
            case CLUSTER -> s.clusterIPs();
            case EXTERNAL -> s.externalIPs();
            case LOAD_BALANCER -> s.loadBalancerIPs();
        };
    }

    private static List<IpPrefix> rangesOf(Ranges r, Kind kind) {
        return switch (kind) {
            case CLUSTER -> r.clusterIPs();
            case EXTERNAL -> r.externalIPs();
            case LOAD_BALANCER -> r.loadBalancerIPs();
        };
    }

    /** The most specific configured entry that contains the address. */
    private static Optional<IpPrefix> covering(List<IpPrefix> ranges, IpAddress address) {
        return ranges.stream().filter(r -> r.afi() == address.afi() && r.contains(address))
                .max(java.util.Comparator.comparingInt(IpPrefix::length));
    }

    private static Optional<IpAddress> parse(String text) {
        try {
            return Optional.of(IpAddress.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The nodes among {@code candidates} for which {@link #compute} would include {@code prefix}; for tests and status. */
    static Set<String> advertisers(ClusterSnapshot snapshot, IpPrefix prefix, Ranges ranges) {
        Set<String> nodes = new java.util.TreeSet<>();
        for (NodeInfo n : snapshot.nodes()) {
            if (compute(snapshot, n.name(), ranges).stream().anyMatch(r -> r.prefix().equals(prefix))) {
                nodes.add(n.name());
            }
        }
        return nodes;
    }
}
