package io.flatnet.agent.config.model;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpPrefix;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code BGPConfiguration.spec}.
 *
 * @param asNumber               the cluster's default AS (64512); a Node's {@code bgp.asNumber} overrides it
 * @param nodeToNodeMeshEnabled  peer every node with every other node (true)
 * @param listenPort             the BGP port every node listens on and mesh peers connect to (179)
 * @param serviceClusterIPs      {@code - cidr: ...} ranges advertised from every node
 * @param serviceExternalIPs     {@code - cidr: ...} ranges advertised from every node
 * @param serviceLoadBalancerIPs {@code - cidr: ...} ranges advertised from every node
 * @param communities            named community values that {@code prefixAdvertisements} may refer to
 * @param prefixAdvertisements   communities to attach to advertised routes inside a CIDR
 * @param nodeMeshPassword       TCP MD5 key of the mesh sessions
 * @param nodeMeshMaxRestartTime graceful restart time of the mesh sessions (120s when unset)
 * @param bindMode               None: listen on every address; NodeIP: only on the node's BGP addresses
 * @param logSeverityScreen      the agent's log level (Info)
 * @param ebgpRequiresPolicy     not Calico's: true applies RFC 8212 to BGPPeers in another AS
 *                               that name no {@code filters}: they are sent and accepted nothing
 *                               (and the view warns). False (the default) gives them Calico's
 *                               behaviour: accept every route, export the node's own routes.
 *                               The node-to-node mesh always has Calico's behaviour
 */
public record BgpConfigurationSpec(
        Asn asNumber,
        boolean nodeToNodeMeshEnabled,
        int listenPort,
        List<IpPrefix> serviceClusterIPs,
        List<IpPrefix> serviceExternalIPs,
        List<IpPrefix> serviceLoadBalancerIPs,
        List<CommunityDefinition> communities,
        List<PrefixAdvertisement> prefixAdvertisements,
        Optional<BgpPassword> nodeMeshPassword,
        Optional<Duration> nodeMeshMaxRestartTime,
        BindMode bindMode,
        LogSeverity logSeverityScreen,
        boolean ebgpRequiresPolicy) {

    public static final Asn DEFAULT_AS = Asn.of(64512);
    public static final int DEFAULT_LISTEN_PORT = 179;
    public static final BgpConfigurationSpec DEFAULTS = new BgpConfigurationSpec(DEFAULT_AS, true,
            DEFAULT_LISTEN_PORT, List.of(), List.of(), List.of(), List.of(), List.of(), Optional.empty(),
            Optional.empty(), BindMode.NONE, LogSeverity.INFO, false);

    public BgpConfigurationSpec {
        Objects.requireNonNull(asNumber, "asNumber");
        serviceClusterIPs = List.copyOf(serviceClusterIPs);
        serviceExternalIPs = List.copyOf(serviceExternalIPs);
        serviceLoadBalancerIPs = List.copyOf(serviceLoadBalancerIPs);
        communities = List.copyOf(communities);
        prefixAdvertisements = List.copyOf(prefixAdvertisements);
        Objects.requireNonNull(nodeMeshPassword, "nodeMeshPassword");
        Objects.requireNonNull(nodeMeshMaxRestartTime, "nodeMeshMaxRestartTime");
        Objects.requireNonNull(bindMode, "bindMode");
        Objects.requireNonNull(logSeverityScreen, "logSeverityScreen");
    }

    /** A community written in {@code prefixAdvertisements}: a name from {@link #communities} or a literal value. */
    public Optional<CommunityValue> resolveCommunity(String nameOrValue) {
        for (CommunityDefinition d : communities) {
            if (d.name().equals(nameOrValue)) {
                return Optional.of(d.value());
            }
        }
        try {
            return Optional.of(CommunityValue.parse(nameOrValue));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
