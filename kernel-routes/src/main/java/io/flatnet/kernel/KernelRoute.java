package io.flatnet.kernel;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One route as flatnet installs it and as a dump reads it back, in a canonical form so that the
 * desired route and the kernel's copy compare {@code equals} when they mean the same thing: next
 * hops sorted with duplicates merged, a lone next hop carries weight 1 (weights only matter
 * between ECMP members), an IPv6 metric of 0 is stored as 1024 as the kernel does.
 *
 * @param table     routing table id, 1..2^32-1 (unsigned); 254 is {@code main}
 * @param protocol  {@code rtm_protocol}, 0..255; flatnet's is 186, which {@code ip route} shows as
 *                  {@code proto bgp}
 * @param metric    {@code RTA_PRIORITY}, unsigned
 * @param nextHops  empty for a blackhole, at least one for unicast
 */
public record KernelRoute(
        Prefix destination,
        int table,
        int protocol,
        int metric,
        RouteType type,
        List<NextHop> nextHops,
        Optional<InetAddress> preferredSource) {

    public static final int MAIN_TABLE = 254;
    public static final int PROTO_BGP = 186;
    public static final int IPV6_DEFAULT_METRIC = 1024;

    public KernelRoute {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(preferredSource, "preferredSource");
        if (table == 0) {
            throw new IllegalArgumentException("table 0 (RT_TABLE_UNSPEC) is not a table");
        }
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol " + protocol + " outside 0..255");
        }
        if (!destination.isIpv4() && metric == 0) {
            metric = IPV6_DEFAULT_METRIC;
        }
        nextHops = canonical(nextHops);
        if (type == RouteType.BLACKHOLE && !nextHops.isEmpty()) {
            throw new IllegalArgumentException("a blackhole route has no next hop: " + destination);
        }
        if (type == RouteType.UNICAST && nextHops.isEmpty()) {
            throw new IllegalArgumentException("a unicast route needs a next hop: " + destination);
        }
        boolean v4 = destination.isIpv4();
        for (NextHop h : nextHops) {
            if (h.gateway().isPresent() && (h.gateway().get() instanceof Inet4Address) != v4) {
                throw new IllegalArgumentException("gateway family differs from " + destination);
            }
        }
        if (preferredSource.isPresent() && (preferredSource.get() instanceof Inet4Address) != v4) {
            throw new IllegalArgumentException("preferred source family differs from " + destination);
        }
    }

    /** A unicast route in the main table with protocol {@code bgp} and metric 0 (1024 for IPv6). */
    public static KernelRoute unicast(Prefix destination, NextHop... nextHops) {
        return new KernelRoute(destination, MAIN_TABLE, PROTO_BGP, 0, RouteType.UNICAST,
                List.of(nextHops), Optional.empty());
    }

    public static KernelRoute unicast(String destination, String... gateways) {
        return unicast(Prefix.parse(destination),
                Arrays.stream(gateways).map(NextHop::via).toArray(NextHop[]::new));
    }

    /** A blackhole route in the main table with protocol {@code bgp}. */
    public static KernelRoute blackhole(Prefix destination) {
        return new KernelRoute(destination, MAIN_TABLE, PROTO_BGP, 0, RouteType.BLACKHOLE,
                List.of(), Optional.empty());
    }

    public static KernelRoute blackhole(String destination) {
        return blackhole(Prefix.parse(destination));
    }

    public RouteKey key() {
        return new RouteKey(destination, table, metric);
    }

    public KernelRoute withTable(int newTable) {
        return new KernelRoute(destination, newTable, protocol, metric, type, nextHops, preferredSource);
    }

    public KernelRoute withProtocol(int newProtocol) {
        return new KernelRoute(destination, table, newProtocol, metric, type, nextHops, preferredSource);
    }

    public KernelRoute withMetric(int newMetric) {
        return new KernelRoute(destination, table, protocol, newMetric, type, nextHops, preferredSource);
    }

    public KernelRoute withNextHops(List<NextHop> newNextHops) {
        return new KernelRoute(destination, table, protocol, metric, type, newNextHops, preferredSource);
    }

    public KernelRoute withPreferredSource(InetAddress source) {
        return new KernelRoute(destination, table, protocol, metric, type, nextHops, Optional.of(source));
    }

    private static List<NextHop> canonical(List<NextHop> hops) {
        if (isCanonical(hops)) {
            return List.copyOf(hops); // no copy when already immutable: the common, shared case
        }
        List<NextHop> sorted = new ArrayList<>(hops);
        sorted.sort(null);
        List<NextHop> merged = new ArrayList<>(sorted.size());
        for (NextHop h : sorted) {
            int last = merged.size() - 1;
            if (last >= 0 && merged.get(last).gateway().equals(h.gateway())
                    && merged.get(last).ifindex() == h.ifindex()) {
                // Two BGP paths resolving to one next hop carry the sum of their weights.
                merged.set(last, merged.get(last).withWeight(Math.min(256, merged.get(last).weight() + h.weight())));
            } else {
                merged.add(h);
            }
        }
        if (merged.size() == 1 && merged.getFirst().weight() != 1) {
            merged.set(0, merged.getFirst().withWeight(1));
        }
        return List.copyOf(merged);
    }

    private static boolean isCanonical(List<NextHop> hops) {
        if (hops.size() == 1) {
            return hops.getFirst().weight() == 1;
        }
        for (int i = 1; i < hops.size(); i++) {
            NextHop a = hops.get(i - 1);
            NextHop b = hops.get(i);
            if (a.compareTo(b) >= 0 || (a.gateway().equals(b.gateway()) && a.ifindex() == b.ifindex())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (type == RouteType.BLACKHOLE) {
            s.append("blackhole ");
        }
        s.append(destination);
        if (!nextHops.isEmpty()) {
            s.append(' ').append(nextHops.stream().map(NextHop::toString).collect(Collectors.joining(", ")));
        }
        if (table != MAIN_TABLE) {
            s.append(" table ").append(Integer.toUnsignedString(table));
        }
        s.append(" proto ").append(protocol == PROTO_BGP ? "bgp" : Integer.toString(protocol));
        if (metric != 0) {
            s.append(" metric ").append(Integer.toUnsignedString(metric));
        }
        preferredSource.ifPresent(a -> s.append(" src ").append(Addresses.format(a)));
        return s.toString();
    }
}
