package io.flatnet.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The v1 JSON documents {@code flatnetctl} reads, as far as it uses them. Unknown fields are
 * ignored so that fields the agent adds later do not break an older CLI.
 */
final class ApiDocs {
    private ApiDocs() {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(String apiVersion, String nodeName, long asNumber, String routerId, String startedAt,
            long uptimeSeconds, String configSource, Reload lastReload, int peersConfigured, int peersEstablished,
            String version) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Reload(String at, String result, String detail) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Peers(List<Peer> peers) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Peer(String address, String peerType, long asNumber, String state, String info, String since,
            long uptimeSeconds, long holdTimeSeconds, long keepaliveSeconds, Capabilities capabilities,
            Messages messages, Prefixes prefixes, long flaps, String lastError, String lastStateChangeReason,
            Notification lastNotificationSent, Notification lastNotificationReceived, boolean routeReflectorClient) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Capabilities(List<String> families, boolean fourOctetAs, boolean extendedMessages, boolean routeRefresh,
            boolean enhancedRouteRefresh, boolean peerGracefulRestart, List<String> addPathReceive,
            List<String> addPathSend, List<String> extendedNextHop, List<String> peerAdvertised) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Messages(MessageCount received, MessageCount sent) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record MessageCount(long open, long update, long notification, long keepalive, long routeRefresh, long total) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Prefixes(long received, long accepted, long advertised) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Notification(int code, int subcode, String description, String shutdownMessage, String at) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Routes(String view, List<Route> routes) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Route(String peer, String family, String prefix, long pathId, String nextHop, String asPath, String origin,
            Long med, Long localPref, List<String> communities, List<String> largeCommunities,
            List<String> extendedCommunities) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record LocRibRoutes(String view, List<LocRibRoute> routes) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record LocRibRoute(String prefix, String family, String bestReason, String bestReasonText, int ecmpPaths,
            RouteKernel kernel, List<RibPath> paths) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RibPath(String status, String peer, String peerType, String source, long pathId, String nextHop,
            boolean nextHopReachable, String asPath, String origin, Long med, Long localPref, List<String> communities,
            List<String> largeCommunities, List<String> extendedCommunities, String originatorId,
            List<String> clusterList) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RouteKernel(boolean installed, String state, String reason, List<String> nextHops) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Advertisements(List<Advertisement> advertisements) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Advertisement(String prefix, String family, String source, List<String> communities,
            List<String> largeCommunities) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Config(String source, String nodeName, ConfigBgp bgp, List<ConfigPeer> peers,
            List<Advertisement> advertisements, List<String> blackholes, List<String> warnings,
            List<ConfigListenRange> listenRanges) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConfigListenRange(String name, List<String> cidrs, long asNumber, int limit, long maxPrefixes,
            boolean routeReflectorClient) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConfigBgp(long asNumber, String routerId, String routeReflectorClusterId, Integer listenPort,
            List<String> listenAddresses, String logSeverity) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConfigPeer(String address, Integer port, long asNumber, String peerType, String origin, String peerNode,
            boolean routeReflectorClient, Boolean passive, String sourceAddress, boolean passwordSet,
            Integer ttlSecurityHops, Long holdTimeSeconds, Long gracefulRestartTimeSeconds, List<String> families,
            String nextHopMode, List<String> filters, String ipv4NextHop, String ipv6NextHop) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Health(String status, String reason) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ResetResult(String peer, String action, String detail) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Decommissioned(int peersNotified, String message, String detail) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Error(String error, String detail) {}
}
