package io.flatnet.agent.kernel;

import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.rib.BestPathResult;
import io.flatnet.bgp.rib.Path;
import io.flatnet.kernel.KernelRoute;
import io.flatnet.kernel.NextHop;
import io.flatnet.kernel.Prefix;
import io.flatnet.kernel.RouteType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a prefix's Loc-RIB outcome to the kernel route it calls for: the best path and its ECMP
 * equals as one multipath route via their next hops, or a reason it stays out of the kernel. A
 * locally originated best path calls for no route (the node's blackhole covers its own blocks).
 * Not thread-safe: it caches next hops, and belongs to the installer's thread.
 */
final class RouteMapper {

    /** What one prefix calls for. */
    sealed interface Mapping {
        /** Install this route. */
        record Install(KernelRoute route) implements Mapping {}

        /** A learned best path that stays out of the kernel, and why. */
        record Exclude(String reason) implements Mapping {}

        /** No learned best path: nothing of ours belongs in the kernel for the prefix. */
        record None() implements Mapping {}
    }

    private static final Mapping NONE = new Mapping.None();

    private final KernelOptions options;
    /**
     * By BGP next-hop address, the one-element next-hop list a single-path route installs with (or
     * the String reason it is unusable). Routes share few next hops; sharing the lists too saves a
     * list object per route in the kernel installer's and the syncer's tables.
     */
    private final Map<IpAddress, Object> hops = new HashMap<>();

    RouteMapper(KernelOptions options) {
        this.options = options;
    }

    Mapping map(IpPrefix prefix, BestPathResult result, LocalRanges ranges) {
        Optional<Path> best = result.best();
        if (best.isEmpty() || best.get().source().isLocal()) {
            return NONE;
        }
        if (ranges.blackholes().contains(prefix)) {
            return new Mapping.Exclude("this node's own block " + prefix + " is a blackhole here");
        }
        Optional<Map.Entry<IpPrefix, String>> service = ranges.serviceRangeOf(prefix);
        if (service.isPresent()) {
            return new Mapping.Exclude("inside the service range " + service.get().getKey() + " ("
                    + service.get().getValue() + "): kube-proxy on this node handles Service addresses");
        }
        List<Path> paths = result.ecmp();
        if (paths.size() == 1 && hops.computeIfAbsent(paths.getFirst().attributes().nextHop(),
                a -> nextHop(a, prefix)) instanceof List<?> shared) {
            @SuppressWarnings("unchecked")
            List<NextHop> single = (List<NextHop>) shared;
            return install(prefix, single);
        }
        List<NextHop> nextHops = new ArrayList<>(paths.size());
        List<String> reasons = new ArrayList<>();
        for (Path p : paths) {
            if (p.source().isLocal()) {
                continue;
            }
            Object h = hops.computeIfAbsent(p.attributes().nextHop(), a -> nextHop(a, prefix));
            if (h instanceof List<?> single) {
                nextHops.add((NextHop) single.getFirst());
            } else {
                reasons.add((String) h);
            }
        }
        if (nextHops.isEmpty()) {
            return new Mapping.Exclude(reasons.isEmpty() ? "no usable next hop" : String.join("; ", reasons));
        }
        return install(prefix, nextHops);
    }

    private Mapping install(IpPrefix prefix, List<NextHop> nextHops) {
        return new Mapping.Install(new KernelRoute(prefix(prefix), options.table(), options.protocol(),
                options.metric(), RouteType.UNICAST, nextHops, Optional.empty()));
    }

    /** The blackhole route for one of the node's own blocks. */
    KernelRoute blackhole(IpPrefix prefix) {
        return new KernelRoute(prefix(prefix), options.table(), options.protocol(), options.metric(),
                RouteType.BLACKHOLE, List.of(), Optional.empty());
    }

    /** The kernel key of a prefix's route of ours. */
    io.flatnet.kernel.RouteKey key(IpPrefix prefix) {
        return blackhole(prefix).key(); // the key does not depend on the type; this applies the IPv6 metric rule
    }

    static Prefix prefix(IpPrefix p) {
        return new Prefix(inet(p.address()), p.length());
    }

    static InetAddress inet(IpAddress a) {
        try {
            return InetAddress.getByAddress(a.toBytes()); // never resolves: 4 or 16 raw bytes
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(a.toString(), e);
        }
    }

    /** The kernel next hop for a BGP next hop, as a one-element list, or a String saying why it cannot be one. */
    private static Object nextHop(IpAddress a, IpPrefix prefix) {
        if (a.isUnspecified()) {
            return "next hop " + a + " is unspecified";
        }
        if (a.afi() != prefix.afi()) {
            return "next hop " + a + " is of another family than " + prefix
                    + " (RFC 8950 extended next hop is not installed yet)";
        }
        if (a.isLinkLocal()) {
            // A link-local gateway means nothing without its interface, and the speaker does not
            // report which interface a session runs over.
            return "IPv6 link-local next hop " + a + " needs the session's interface, which is not known";
        }
        return List.of(NextHop.via(inet(a)));
    }
}
