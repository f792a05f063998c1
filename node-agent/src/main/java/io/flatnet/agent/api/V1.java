package io.flatnet.agent.api;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.ExtendedCommunity;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.LargeCommunity;
import io.flatnet.bgp.model.route.RouteAttributes;
import io.flatnet.bgp.rib.BestPathReason;
import io.flatnet.bgp.rib.BestPathResult;
import io.flatnet.bgp.rib.Path;
import io.flatnet.bgp.session.MessageCounters;
import io.flatnet.bgp.session.NegotiatedSession;
import io.flatnet.bgp.session.NotificationRecord;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.received.ReceivedRoute;
import io.flatnet.bgp.wire.CodecContext;
import io.flatnet.bgp.wire.NotificationCode;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.AsPathSegment;
import io.flatnet.bgp.wire.attribute.Communities;
import io.flatnet.bgp.wire.attribute.ExtendedCommunities;
import io.flatnet.bgp.wire.attribute.LargeCommunities;
import io.flatnet.bgp.wire.attribute.LocalPref;
import io.flatnet.bgp.wire.attribute.MultiExitDisc;
import io.flatnet.bgp.wire.attribute.Origin;
import io.flatnet.bgp.wire.capability.AddPathCapability;
import io.flatnet.bgp.wire.capability.Capability;
import io.flatnet.bgp.wire.capability.EnhancedRouteRefreshCapability;
import io.flatnet.bgp.wire.capability.ExtendedMessageCapability;
import io.flatnet.bgp.wire.capability.ExtendedNextHopCapability;
import io.flatnet.bgp.wire.capability.FourOctetAsCapability;
import io.flatnet.bgp.wire.capability.GracefulRestartCapability;
import io.flatnet.bgp.wire.capability.MultiprotocolCapability;
import io.flatnet.bgp.wire.capability.RouteRefreshCapability;
import io.flatnet.bgp.wire.capability.UnknownCapability;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Version 1 of the API's wire format: every JSON document under {@code /v1/}, as records that
 * Jackson writes field by field in declaration order. Times are ISO-8601 UTC strings, durations
 * whole seconds, AS numbers asplain numbers, families {@code ipv4} / {@code ipv6}. A field with
 * no value is {@code null}, never left out, so the shape is the same for every peer. Fields may be
 * added in later releases of v1; none is renamed, retyped or removed.
 */
public final class V1 {
    private V1() {}

    /** {@code GET /v1/status}; {@code kernel} is null when the agent installs nothing ({@code --no-kernel}). */
    public record Status(String apiVersion, String nodeName, long asNumber, String routerId, String startedAt,
            long uptimeSeconds, String configSource, boolean configLoaded, Reload lastReload, List<String> listen,
            int peersConfigured, int peersEstablished, KernelCounts kernel, String version) {}

    /** The kernel routes in {@code /v1/status}: ours in the table, learned ones kept out, adopted ones still stale. */
    public record KernelCounts(int installed, int excluded, int stale) {}

    /**
     * {@code GET /v1/kernel}: the routes the agent installs into the kernel. With {@code --no-kernel},
     * {@code enabled} is false, {@code table} and {@code protocol} null and the rest zero or empty.
     *
     * @param installed   routes of ours in the table, blackholes and stale ones included
     * @param adopted     routes of ours found at start (from before a restart)
     * @param restart     the graceful-restart phase in words
     * @param operations  routes added, replaced and deleted since start, and requests refused
     * @param excludedRoutes learned routes kept out of the kernel, each with its reason
     */
    public record Kernel(boolean enabled, Long table, Integer protocol, int installed, int blackholes, int excluded,
            int stale, int adopted, String restart, KernelOperations operations, List<ExcludedRoute> excludedRoutes) {}

    public record KernelOperations(long added, long replaced, long deleted, long failures) {}

    /** A learned route kept out of the kernel, and why. */
    public record ExcludedRoute(String prefix, String reason) {}

    /** The latest configuration reload: {@code result} is {@code applied}, {@code unchanged} or {@code refused}. */
    public record Reload(String at, String result, String detail) {}

    /** {@code GET /v1/peers}. */
    public record Peers(List<Peer> peers) {}

    /**
     * One peer: {@code GET /v1/peers/{address}} and each element of {@code /v1/peers}.
     *
     * @param state  the RFC 4271 state name: Idle, Connect, Active, OpenSent, OpenConfirm, Established
     * @param info   one human line, as BIRD and calicoctl show it: "Established", "Active Socket:
     *               Connection refused", "Idle Received: 6/2 administrative shutdown"
     * @param since  when the peer entered {@code state}
     * @param capabilities what the OPEN exchange settled; null before OpenConfirm
     * @param peerType     why the node has the peer ("node-to-node mesh", "global", ...);
     *                     {@code dynamic} for a peer accepted from a listen range
     * @param listenRange  the listen range that accepted a dynamic peer; null for a configured one
     * @param routeReflectorClient this node reflects routes to the peer (a route-reflector client of ours)
     */
    public record Peer(String address, String peerType, long asNumber, String state, String info, String since,
            long uptimeSeconds, long holdTimeSeconds, long keepaliveSeconds, Capabilities capabilities,
            Messages messages, Prefixes prefixes, long flaps, String lastError, String lastStateChangeReason,
            Notification lastNotificationSent, Notification lastNotificationReceived,
            List<NotificationCount> notificationsSent, List<NotificationCount> notificationsReceived,
            boolean routeReflectorClient, String listenRange) {}

    /** NOTIFICATIONs of one code and subcode sent or received since the peer was configured. */
    public record NotificationCount(int code, int subcode, String description, long count) {}

    /**
     * The negotiated session. {@code peerAdvertised} lists what the peer's OPEN carried, by name.
     */
    public record Capabilities(List<String> families, boolean fourOctetAs, boolean extendedMessages,
            boolean routeRefresh, boolean enhancedRouteRefresh, boolean peerGracefulRestart,
            List<String> addPathReceive, List<String> addPathSend, List<String> extendedNextHop,
            List<String> peerAdvertised) {}

    public record Messages(MessageCount received, MessageCount sent) {}

    public record MessageCount(long open, long update, long notification, long keepalive, long routeRefresh,
            long total) {}

    public record Prefixes(long received, long accepted, long advertised) {}

    /** A NOTIFICATION; {@code shutdownMessage} is the RFC 9003 text of a Cease 6/2 or 6/4, else null. */
    public record Notification(int code, int subcode, String description, String shutdownMessage, String at) {}

    /**
     * {@code GET /v1/routes?view=loc-rib}: the decision for each prefix, sorted by prefix, IPv4
     * first, a page at a time.
     *
     * @param truncated more prefixes follow this page
     * @param next      when truncated, the last prefix of the page: ask again with {@code after=} it;
     *                  null otherwise
     */
    public record LocRibRoutes(String view, List<LocRibRoute> routes, boolean truncated, String next) {}

    /**
     * One prefix of the Loc-RIB.
     *
     * @param bestReason     the step of the decision process after which only the best path was left,
     *                       lower case with hyphens ({@code only-path}, {@code local-pref}, {@code as-path-length},
     *                       {@code router-id}, ...); {@code next-hop-unreachable} with no best path
     * @param bestReasonText the same in words
     * @param ecmpPaths      how many paths traffic is spread over: the best and its equals; 0 without a best
     * @param kernel         whether the prefix is in the kernel, or why not
     * @param paths          every candidate: the best first, then its ECMP equals, then the others
     */
    public record LocRibRoute(String prefix, String family, String bestReason, String bestReasonText, int ecmpPaths,
            RouteKernel kernel, List<RibPath> paths) {}

    /**
     * One candidate path of a Loc-RIB prefix.
     *
     * @param status  {@code best}, {@code ecmp} (forwarded over with the best), {@code candidate} (lost the
     *                decision) or {@code unreachable} (its next hop does not resolve; never best)
     * @param peer    the peer it came from; null for a path this node originates
     * @param source  {@code ebgp}, {@code ibgp} or {@code local}
     */
    public record RibPath(String status, String peer, String peerType, String source, long pathId, String nextHop,
            boolean nextHopReachable, String asPath, String origin, Long med, Long localPref, List<String> communities,
            List<String> largeCommunities, List<String> extendedCommunities, String originatorId,
            List<String> clusterList) {}

    /**
     * A prefix in the kernel.
     *
     * @param installed true when a route of the agent's for it is in the kernel table (a blackhole too)
     * @param state     {@code installed}; {@code blackhole} (the node's own range); {@code excluded} (a learned best
     *                  path kept out: a service range, the node's own block, an unusable next hop, a route of
     *                  another protocol in the way, the kernel refused it); {@code pending} (not applied yet);
     *                  {@code not-desired} (no best path, or originated here); {@code disabled} ({@code --no-kernel})
     * @param reason    why it is not installed, in words; null for an installed route
     * @param nextHops  the installed route's gateways
     */
    public record RouteKernel(boolean installed, String state, String reason, List<String> nextHops) {}

    /**
     * {@code GET /v1/routes}: the Adj-RIB-In, before import policy, sorted by family, prefix, peer,
     * path id. Paged as {@link LocRibRoutes}; a prefix's routes are never split between pages.
     */
    public record Routes(String view, List<Route> routes, boolean truncated, String next) {}

    /**
     * One received route. {@code asPath} is the path as text (sets in braces, confederation
     * segments in parentheses); {@code med} and {@code localPref} are null when absent.
     */
    public record Route(String peer, String family, String prefix, long pathId, String nextHop, String asPath,
            String origin, Long med, Long localPref, List<String> communities, List<String> largeCommunities,
            List<String> extendedCommunities) {}

    /**
     * {@code GET /v1/config}: the configuration in effect, as this node computed it. No secret is
     * ever in it: a peer's TCP MD5 password shows only as {@code passwordSet}.
     *
     * @param source   {@code file /etc/flatnet/flatnet.yaml} or {@code command line}
     * @param nodeName the Node resource; null in the command-line mode
     * @param bgp      the node's BGP settings
     * @param peers    one per address, sorted by address
     * @param advertisements the prefixes the configuration asks the node to advertise, and why
     * @param blackholes the node's own ranges, installed as blackhole routes
     * @param warnings things the configuration allows but probably does not mean, logged at each (re)load
     * @param listenRanges the command-line mode's {@code --listen-range}s (dynamic neighbours); empty otherwise
     */
    public record Config(String source, String nodeName, ConfigBgp bgp, List<ConfigPeer> peers,
            List<Advertisement> advertisements, List<String> blackholes, List<String> warnings,
            List<ConfigListenRange> listenRanges) {}

    /**
     * One listen range: sessions accepted from any address in {@code cidrs} announcing {@code
     * asNumber}, at most {@code limit} at once, each held to {@code maxPrefixes} routes per family
     * (0: no limit); {@code routeReflectorClient} when the node reflects to them.
     */
    public record ConfigListenRange(String name, List<String> cidrs, long asNumber, int limit, long maxPrefixes,
            boolean routeReflectorClient) {}

    /**
     * The node's BGP settings: AS, router id, route reflector cluster id (null unless it reflects),
     * listen port and addresses (empty: every address), log level. In the command-line mode the
     * values the agent was started with; {@code listenPort} and {@code logSeverity} are null there.
     */
    public record ConfigBgp(long asNumber, String routerId, String routeReflectorClusterId, Integer listenPort,
            List<String> listenAddresses, String logSeverity) {}

    /**
     * One configured peer.
     *
     * @param peerType             {@code node-to-node mesh}, {@code global}, {@code node specific}, {@code selector}
     *                             or {@code command line}
     * @param origin               the resource that made it: {@code mesh}, {@code BGPPeer tor-1}, ...
     * @param peerNode             the Node at that address, for a peer that is a node of the cluster
     * @param routeReflectorClient this node reflects routes to the peer (it is a client of ours)
     * @param passwordSet          a TCP MD5 password is configured; the password itself is never shown
     * @param filters              the BGPFilters the BGPPeer names
     */
    public record ConfigPeer(String address, Integer port, long asNumber, String peerType, String origin,
            String peerNode, boolean routeReflectorClient, Boolean passive, String sourceAddress, boolean passwordSet,
            Integer ttlSecurityHops, Long holdTimeSeconds, Long gracefulRestartTimeSeconds, List<String> families,
            String nextHopMode, List<String> filters, String ipv4NextHop, String ipv6NextHop) {}

    /** {@code GET /v1/advertisements}, sorted by prefix. */
    public record Advertisements(List<Advertisement> advertisements) {}

    /**
     * One prefix the node originates. {@code source} says why: {@code pod-cidr},
     * {@code service-cluster-ips}, {@code service-external-ips}, {@code service-load-balancer-ips}
     * or {@code command-line}.
     */
    public record Advertisement(String prefix, String family, String source, List<String> communities,
            List<String> largeCommunities) {}

    /** {@code POST /v1/peers/{address}/reset}: {@code action} is {@code route-refresh} or {@code hard-reset}. */
    public record ResetResult(String peer, String action, String detail) {}

    /** {@code POST /v1/decommission}. */
    public record Decommissioned(int peersNotified, String message, String detail) {}

    /** {@code /healthz} and {@code /readyz}: {@code status} is {@code ok} or {@code fail}. */
    public record Health(String status, String reason) {}

    /** Every error, with the HTTP status that carries it. */
    public record Error(String error, String detail) {}

    // --- from the speaker's values ---

    /** {@code peerType} is the configuration's word for a configured peer; dynamic ones say so themselves. */
    static Peer peer(PeerStatus p, String peerType, boolean routeReflectorClient) {
        return new Peer(p.address().toString(), p.dynamic() ? DYNAMIC : peerType, p.remoteAsn().value(),
                stateName(p.state()),
                PeerInfo.of(p), time(p.since()), p.uptime().toSeconds(), p.holdTime().toSeconds(),
                p.keepaliveTime().toSeconds(), p.negotiated().map(V1::capabilities).orElse(null),
                new Messages(count(p.received()), count(p.sent())),
                new Prefixes(p.prefixesReceived(), p.prefixesAccepted(), p.prefixesAdvertised()), p.flaps(),
                p.lastError() == null || p.lastError().isEmpty() ? null : p.lastError(), p.lastStateChangeReason(),
                p.lastNotificationSent().map(V1::notification).orElse(null),
                p.lastNotificationReceived().map(V1::notification).orElse(null), counts(p.notificationsSent()),
                counts(p.notificationsReceived()), routeReflectorClient, p.listenRange().orElse(null));
    }

    /** The peer type of a peer accepted from a listen range (dynamic neighbour). */
    public static final String DYNAMIC = "dynamic";

    /** RFC 4271's spelling of the states, as operators read them in BIRD and FRR. */
    public static String stateName(SessionState s) {
        return switch (s) {
            case IDLE -> "Idle";
            case CONNECT -> "Connect";
            case ACTIVE -> "Active";
            case OPEN_SENT -> "OpenSent";
            case OPEN_CONFIRM -> "OpenConfirm";
            case ESTABLISHED -> "Established";
        };
    }

    public static String family(AddressFamily f) {
        if (f.equals(AddressFamily.IPV4_UNICAST)) {
            return "ipv4";
        }
        if (f.equals(AddressFamily.IPV6_UNICAST)) {
            return "ipv6";
        }
        return f.toString();
    }

    static Route route(String peer, AddressFamily family, ReceivedRoute r) {
        var a = r.attributes();
        return new Route(peer, family(family), r.prefix().toString(), r.pathId(), r.nextHop().toString(),
                a.attribute(AsPath.class).map(V1::asPath).orElse(""),
                a.attribute(Origin.class).map(o -> o.value().name().toLowerCase(Locale.ROOT)).orElse(null),
                a.attribute(MultiExitDisc.class).map(MultiExitDisc::value).orElse(null),
                a.attribute(LocalPref.class).map(LocalPref::value).orElse(null),
                a.attribute(Communities.class).map(c -> c.values().stream().map(Community::toString).toList())
                        .orElse(List.of()),
                a.attribute(LargeCommunities.class).map(c -> c.values().stream().map(LargeCommunity::toString).toList())
                        .orElse(List.of()),
                a.attribute(ExtendedCommunities.class)
                        .map(c -> c.values().stream().map(ExtendedCommunity::toString).toList()).orElse(List.of()));
    }

    static LocRibRoute locRibRoute(AgentState.RibEntry e, java.util.function.Function<IpAddress, String> peerType) {
        BestPathResult d = e.decision();
        List<RibPath> paths = new java.util.ArrayList<>(e.paths().size());
        // By route, not identity: the Loc-RIB makes a new Path for each read (the candidates and
        // the decision may come from two reads).
        Path best = d.best().orElse(null);
        for (Path p : d.ecmp()) {
            paths.add(ribPath(p, p.sameRoute(best) ? "best" : "ecmp", peerType));
        }
        for (Path p : e.paths()) {
            if (d.ecmp().stream().noneMatch(p::sameRoute)) {
                paths.add(ribPath(p, p.nextHopReachable() ? "candidate" : "unreachable", peerType));
            }
        }
        return new LocRibRoute(e.prefix().toString(), e.prefix().afi() == Afi.IPV6 ? "ipv6" : "ipv4",
                reasonName(d.reason()), reasonText(d.reason()), d.ecmp().size(), routeKernel(e.kernel()), paths);
    }

    /** The kernel state's wire words: the one place they are spelt. */
    static RouteKernel routeKernel(AgentState.KernelStatus k) {
        return switch (k) {
            case AgentState.KernelStatus.Installed i -> new RouteKernel(true, "installed", null, i.nextHops());
            case AgentState.KernelStatus.Blackhole b -> new RouteKernel(true, "blackhole", "this node's own range:"
                    + " a blackhole route of ours, so that addresses of it not in use are dropped here", List.of());
            case AgentState.KernelStatus.Excluded x -> new RouteKernel(false, "excluded", x.reason(), List.of());
            case AgentState.KernelStatus.Pending p -> new RouteKernel(false, "pending", p.reason(), List.of());
            case AgentState.KernelStatus.NotDesired n -> new RouteKernel(false, "not-desired", n.reason(), List.of());
            case AgentState.KernelStatus.Disabled d -> new RouteKernel(false, "disabled",
                    "kernel route installation is off (--no-kernel)", List.of());
        };
    }

    private static RibPath ribPath(Path p, String status, java.util.function.Function<IpAddress, String> peerType) {
        RouteAttributes a = p.attributes();
        boolean local = p.source().isLocal();
        return new RibPath(status, local ? null : p.source().peerAddress().toString(),
                local ? "this node" : peerType.apply(p.source().peerAddress()),
                p.source().kind().name().toLowerCase(Locale.ROOT), p.pathId(), a.nextHop().toString(),
                p.nextHopReachable(), a.asPath().segments().stream().map(Object::toString)
                        .collect(java.util.stream.Collectors.joining(" ")),
                a.origin().name().toLowerCase(Locale.ROOT), a.med().isPresent() ? a.med().getAsLong() : null,
                a.localPref().isPresent() ? a.localPref().getAsLong() : null,
                a.communities().stream().map(Community::toString).toList(),
                a.largeCommunities().stream().map(LargeCommunity::toString).toList(),
                a.extendedCommunities().stream().map(ExtendedCommunity::toString).toList(),
                a.originatorId().map(Object::toString).orElse(null),
                a.clusterList().stream().map(Object::toString).toList());
    }

    /** {@code AS_PATH_LENGTH} as {@code as-path-length}. */
    public static String reasonName(BestPathReason r) {
        return r.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String reasonText(BestPathReason r) {
        return switch (r) {
            case NO_PATHS -> "no candidate paths";
            case ONLY_PATH -> "the only path";
            case NEXT_HOP_UNREACHABLE -> "the other paths' next hops are unreachable";
            case LOCAL_PREF -> "highest local preference";
            case LOCAL_ORIGIN -> "originated by this node";
            case AS_PATH_LENGTH -> "shortest AS path";
            case ORIGIN -> "lowest origin (igp < egp < incomplete)";
            case MED -> "lowest MED among paths from the same neighbouring AS";
            case EBGP_OVER_IBGP -> "eBGP preferred over iBGP";
            case ROUTER_ID -> "lowest router id (originator id)";
            case CLUSTER_LIST_LENGTH -> "shortest cluster list";
            case PEER_ADDRESS -> "lowest peer address";
            case PATH_ID -> "lowest add-path id";
        };
    }

    static Advertisement advertisement(AgentState.Advertised a) {
        var ad = a.advertisement();
        return new Advertisement(ad.prefix().toString(), ad.prefix().toString().contains(":") ? "ipv6" : "ipv4",
                a.source(), ad.communities().stream().map(Community::toString).toList(),
                ad.largeCommunities().stream().map(LargeCommunity::toString).toList());
    }

    static String asPath(AsPath path) {
        StringBuilder sb = new StringBuilder();
        for (AsPathSegment s : path.segments()) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(s);
        }
        return sb.toString();
    }

    private static Capabilities capabilities(NegotiatedSession n) {
        CodecContext c = n.context();
        return new Capabilities(families(c.families()), c.fourOctetAs(), c.extendedMessages(), n.routeRefresh(),
                n.enhancedRouteRefresh(), n.peerGracefulRestart(), families(c.addPathReceive()),
                families(c.addPathSend()), families(c.extendedNextHop()),
                n.peerCapabilities().stream().map(V1::capabilityName).toList());
    }

    private static List<String> families(Collection<AddressFamily> families) {
        return families.stream()
                .sorted(Comparator.comparingInt(AddressFamily::afi).thenComparingInt(AddressFamily::safi))
                .map(V1::family).toList();
    }

    static String capabilityName(Capability c) {
        return switch (c) {
            case MultiprotocolCapability m -> "multiprotocol " + family(m.family());
            case RouteRefreshCapability r -> "route-refresh";
            case EnhancedRouteRefreshCapability r -> "enhanced-route-refresh";
            case FourOctetAsCapability f -> "4-octet-as " + f.asn().value();
            case GracefulRestartCapability g -> "graceful-restart";
            case AddPathCapability a -> "add-path";
            case ExtendedMessageCapability e -> "extended-message";
            case ExtendedNextHopCapability e -> "extended-next-hop";
            case UnknownCapability u -> "unknown " + u.code();
        };
    }

    private static List<NotificationCount> counts(List<io.flatnet.bgp.session.NotificationCount> counts) {
        return counts.stream().map(c -> new NotificationCount(c.code(), c.subcode(),
                NotificationCode.describe(c.code(), c.subcode()), c.count())).toList();
    }

    private static MessageCount count(MessageCounters m) {
        return new MessageCount(m.open(), m.update(), m.notification(), m.keepalive(), m.routeRefresh(), m.total());
    }

    private static Notification notification(NotificationRecord n) {
        return new Notification(n.code(), n.subcode(), n.description(), n.shutdownMessage().orElse(null),
                time(n.at()));
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
