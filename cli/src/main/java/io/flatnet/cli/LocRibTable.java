package io.flatnet.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The Loc-RIB view of {@code flatnetctl get routes} as a table: one row per candidate path, the
 * best first, then its ECMP equals, then the paths that lost; the prefix, the reason the best won
 * and the kernel's state are on the prefix's first row, as BIRD's {@code show route} puts the
 * prefix once.
 */
final class LocRibTable {
    private LocRibTable() {}

    static final String EMPTY = "No routes in the Loc-RIB.\n";

    /**
     * One section per family, as {@code node status} has: "IPv4 routes", then the table (or "No
     * IPv4 routes."). With a {@code --prefix} filter (one prefix, one family) the table alone.
     */
    static String byFamily(List<ApiDocs.LocRibRoute> routes, List<String> families, boolean wide) {
        StringBuilder sb = new StringBuilder();
        for (String family : families) {
            List<ApiDocs.LocRibRoute> of = routes.stream().filter(r -> family.equals(r.family())).toList();
            String name = family.equals("ipv6") ? "IPv6" : "IPv4";
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(name).append(" routes\n");
            sb.append(of.isEmpty() ? "No " + name + " routes.\n" : wide ? wide(of) : render(of));
        }
        return sb.toString();
    }

    static String render(List<ApiDocs.LocRibRoute> routes) {
        if (routes.isEmpty()) {
            return EMPTY;
        }
        Table t = new Table("PREFIX", "PATH", "NEXT HOP", "PEER", "AS PATH", "ORIGIN", "BEST BECAUSE", "KERNEL");
        for (ApiDocs.LocRibRoute r : routes) {
            boolean first = true;
            for (ApiDocs.RibPath p : r.paths()) {
                t.row(first ? r.prefix() : "", p.status(), p.nextHop(), peer(p), dash(p.asPath()), dash(p.origin()),
                        first ? dash(r.bestReasonText()) : "", first ? kernel(r.kernel()) : "");
                first = false;
            }
        }
        return t.render();
    }

    static String wide(List<ApiDocs.LocRibRoute> routes) {
        if (routes.isEmpty()) {
            return EMPTY;
        }
        Table t = new Table("PREFIX", "PATH", "PATH ID", "NEXT HOP", "PEER", "PEER TYPE", "AS PATH", "ORIGIN", "MED",
                "LOCAL PREF", "COMMUNITIES", "ORIGINATOR ID", "CLUSTER LIST", "BEST BECAUSE", "KERNEL");
        for (ApiDocs.LocRibRoute r : routes) {
            boolean first = true;
            for (ApiDocs.RibPath p : r.paths()) {
                List<String> communities = new ArrayList<>();
                addAll(communities, p.communities());
                addAll(communities, p.largeCommunities());
                addAll(communities, p.extendedCommunities());
                t.row(first ? r.prefix() : "", p.status(), Long.toString(p.pathId()), p.nextHop(), peer(p),
                        dash(p.peerType()), dash(p.asPath()), dash(p.origin()),
                        p.med() == null ? "-" : p.med().toString(), p.localPref() == null ? "-" : p.localPref().toString(),
                        communities.isEmpty() ? "-" : String.join(" ", communities), dash(p.originatorId()),
                        p.clusterList() == null || p.clusterList().isEmpty() ? "-" : String.join(" ", p.clusterList()),
                        first ? dash(r.bestReason()) : "", first ? kernel(r.kernel()) : "");
                first = false;
            }
        }
        return t.render();
    }

    /** "installed via 10.0.0.2, 10.0.0.3", "blackhole", or the state and why the prefix is not in the kernel. */
    static String kernel(ApiDocs.RouteKernel k) {
        if (k == null) {
            return "-";
        }
        if ("installed".equals(k.state())) {
            return k.nextHops() == null || k.nextHops().isEmpty() ? "installed"
                    : "installed via " + String.join(", ", k.nextHops());
        }
        if ("blackhole".equals(k.state())) {
            return "blackhole";
        }
        String state = switch (k.state() == null ? "" : k.state()) {
            case "pending" -> "pending";
            case "disabled" -> "off";
            default -> "not installed";
        };
        return k.reason() == null ? state : state + ": " + k.reason();
    }

    private static String peer(ApiDocs.RibPath p) {
        return p.peer() == null ? "this node" : p.peer();
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static void addAll(List<String> to, List<String> values) {
        if (values != null) {
            to.addAll(values);
        }
    }
}
