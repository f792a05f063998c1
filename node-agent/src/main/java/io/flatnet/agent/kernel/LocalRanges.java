package io.flatnet.agent.kernel;

import io.flatnet.agent.config.view.AdvertisementSource;
import io.flatnet.agent.config.view.NodeView;
import io.flatnet.agent.config.view.ViewAdvertisement;
import io.flatnet.bgp.model.IpPrefix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The node's own address ranges as the kernel sees them.
 *
 * @param blackholes    installed as blackhole routes, so traffic for an unused address of a block
 *                      this node advertises is dropped here instead of following the default route
 *                      back out (NodeView: the pod CIDR blocks and the service ranges)
 * @param serviceRanges the BGPConfiguration service ranges, by what configured them: a learned
 *                      route inside one is kept out of the kernel, as Calico does, because
 *                      kube-proxy on this node handles Service addresses
 */
public record LocalRanges(List<IpPrefix> blackholes, Map<IpPrefix, String> serviceRanges) {

    public static final LocalRanges NONE = new LocalRanges(List.of(), Map.of());

    public LocalRanges {
        blackholes = List.copyOf(blackholes);
        serviceRanges = Map.copyOf(serviceRanges);
    }

    public static LocalRanges of(NodeView view) {
        Map<IpPrefix, String> services = new LinkedHashMap<>();
        for (ViewAdvertisement a : view.advertisements()) {
            if (a.source() != AdvertisementSource.POD_CIDR) {
                services.put(a.prefix(), label(a.source()));
            }
        }
        return new LocalRanges(view.blackholes(), services);
    }

    /** The service range containing {@code prefix}, with its label, if any. */
    Optional<Map.Entry<IpPrefix, String>> serviceRangeOf(IpPrefix prefix) {
        for (Map.Entry<IpPrefix, String> e : serviceRanges.entrySet()) {
            if (e.getKey().contains(prefix)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** {@code serviceClusterIPs}, as the BGPConfiguration field is spelled. */
    private static String label(AdvertisementSource source) {
        String[] parts = source.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder s = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].equals("ips") ? "IPs" : Character.toUpperCase(parts[i].charAt(0)) + parts[i].substring(1);
            s.append(p);
        }
        return s.toString();
    }
}
