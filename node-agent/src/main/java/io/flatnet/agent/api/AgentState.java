package io.flatnet.agent.api;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.rib.BestPathResult;
import io.flatnet.bgp.rib.Path;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.received.ReceivedRoute;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the API reads from the running agent. Methods may wait for the speaker's event loops and
 * the RIB executor, so the API calls them off its own event loop.
 *
 * <p>Two views of the routes: {@link #receivedRoutes} is the Adj-RIB-In of the peers, {@link #locRib}
 * the decision per prefix (candidates, best, ECMP set, the step that decided, the kernel's state).
 * Both come a page at a time: a table of a million routes is neither copied whole nor held on the
 * RIB thread while it is read.
 */
public interface AgentState {

    /** The node's identity and how it is configured. */
    NodeInfo node();

    /** The configuration in effect was loaded (the API may start before a Kubernetes watch syncs). */
    boolean configLoaded();

    /**
     * The node's view of the configuration file in effect (the last good one); empty in the
     * command-line mode.
     */
    default Optional<io.flatnet.agent.config.view.NodeView> configuration() {
        return Optional.empty();
    }

    /**
     * The command-line mode's configuration as parsed: the {@code --peer} configs (passwords
     * included, so only {@link ConfigDocument} may turn it into a document), the listen ranges and
     * a standalone reflector's cluster id. Empty ({@link CommandLine#NONE}) in the other modes.
     */
    default CommandLine commandLine() {
        return CommandLine.NONE;
    }

    /** What {@code --peer}, {@code --listen-range} and {@code --standalone-reflector} gave the agent. */
    record CommandLine(List<io.flatnet.bgp.session.PeerConfig> peers,
            List<io.flatnet.bgp.session.ListenRange> listenRanges, Optional<String> clusterId) {
        public static final CommandLine NONE = new CommandLine(List.of(), List.of(), Optional.empty());

        public CommandLine {
            peers = List.copyOf(peers);
            listenRanges = List.copyOf(listenRanges);
            java.util.Objects.requireNonNull(clusterId, "clusterId");
        }
    }

    /** The outcome of the latest configuration reload, empty when there has been none. */
    Optional<ReloadResult> lastReload();

    /** Every configured peer, sorted by address. */
    List<PeerStatus> peers();

    Optional<PeerStatus> peer(IpAddress address);

    /** Why the node has this peer, as {@code flatnetctl node status} shows it ("node-to-node mesh", "global"...). */
    String peerType(IpAddress address);

    /** This node reflects routes to the peer: it is a route-reflector client of ours. */
    default boolean routeReflectorClient(IpAddress address) {
        return false;
    }

    /**
     * One page of the routes of {@code family} that {@code peers} sent, in the Adj-RIB-In before
     * import policy: the {@code limit} lowest prefixes above {@code after} (only {@code prefix} when
     * given), each with every asked peer's routes for it, sorted by prefix, peer, path id.
     */
    default Page<PeerRoute> receivedRoutes(List<IpAddress> peers, AddressFamily family, Optional<IpPrefix> prefix,
            Optional<IpPrefix> after, int limit) {
        return new Page<>(List.of(), false);
    }

    /** A route in the Adj-RIB-In of {@code peer}. */
    record PeerRoute(IpAddress peer, ReceivedRoute route) {}

    /**
     * The Loc-RIB entry of {@code prefix} in its family, if it has a candidate path (a best one or
     * not).
     */
    default Optional<RibEntry> locRib(IpPrefix prefix) {
        return Optional.empty();
    }

    /**
     * One page of the Loc-RIB of {@code family}: the {@code limit} lowest prefixes above
     * {@code after} with a candidate path (those without a best path included), only those with a
     * path from {@code peer} when given, sorted by prefix.
     */
    default Page<RibEntry> locRib(AddressFamily family, Optional<IpAddress> peer, Optional<IpPrefix> after,
            int limit) {
        return new Page<>(List.of(), false);
    }

    /**
     * Some of a long listing.
     *
     * @param items     in the listing's order
     * @param truncated more follow the last item
     */
    record Page<T>(List<T> items, boolean truncated) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /**
     * One prefix of the Loc-RIB.
     *
     * @param paths    every candidate, in the Loc-RIB's order
     * @param decision the best path, the ECMP set and the step of the decision process that decided
     * @param kernel   whether the prefix is in the kernel, or why not
     */
    record RibEntry(IpPrefix prefix, List<Path> paths, BestPathResult decision, KernelStatus kernel) {
        public RibEntry {
            paths = List.copyOf(paths);
        }
    }

    /**
     * A prefix in the kernel: what the installer says, completed with what only the Loc-RIB knows
     * (no best path, originated here). The API maps each case to its wire word ({@link V1}).
     */
    sealed interface KernelStatus {

        /** A route of ours is in the kernel table via these gateways. */
        record Installed(List<String> nextHops) implements KernelStatus {
            public Installed {
                nextHops = List.copyOf(nextHops);
            }
        }

        /** One of the node's own ranges: a blackhole route of ours. */
        record Blackhole() implements KernelStatus {}

        /** A best path kept out of the kernel, and why. */
        record Excluded(String reason) implements KernelStatus {}

        /** Desired, not in the kernel yet, and where it is on its way. */
        record Pending(String reason) implements KernelStatus {}

        /** Nothing to install: no best path, or the node originates the prefix. */
        record NotDesired(String reason) implements KernelStatus {}

        /** The agent installs nothing ({@code --no-kernel}). */
        record Disabled() implements KernelStatus {}
    }

    /** The Loc-RIB's size per family, for the metrics; empty when unknown. */
    default List<RibSize> ribSizes() {
        return List.of();
    }

    /** Prefixes and candidate paths in the Loc-RIB of one family ({@code ipv4}, {@code ipv6}). */
    record RibSize(String family, long prefixes, long paths) {}

    /** What the agent installed into the kernel; empty when it installs nothing ({@code --no-kernel}). */
    default Optional<KernelState> kernel() {
        return Optional.empty();
    }

    /**
     * The node's own advertised prefixes, as last given to the speaker, with why each is
     * advertised. Empty by default.
     */
    default List<Advertised> advertisements() {
        return List.of();
    }

    /**
     * A prefix the node originates and why: {@code pod-cidr}, {@code service-cluster-ips},
     * {@code service-external-ips}, {@code service-load-balancer-ips}, {@code command-line}.
     */
    record Advertised(Advertisement advertisement, String source) {}

    /**
     * Fails (by exception or by not returning within {@code timeout}) when a speaker event loop or
     * the RIB executor does not answer.
     */
    void probe(Duration timeout) throws Exception;

    /**
     * Who the node is.
     *
     * @param name         the Node resource's name; empty in the command-line mode
     * @param asNumber     the local AS, asplain
     * @param configSource {@code file /etc/flatnet/flatnet.yaml} or {@code command line}
     * @param listen       the BGP listener addresses, {@code host:port}
     */
    record NodeInfo(Optional<String> name, long asNumber, String routerId, Instant startedAt, String configSource,
            List<String> listen) {
        public NodeInfo {
            listen = List.copyOf(listen);
        }
    }

    /**
     * A configuration reload: {@code result} is {@code applied}, {@code unchanged} or
     * {@code refused}; {@code detail} says why it was refused.
     */
    record ReloadResult(Instant at, String result, String detail) {}

    /**
     * The kernel routes of the agent.
     *
     * @param installed routes of ours in the table (learned, blackholes and stale ones)
     * @param stale     adopted at start from before a restart, not yet re-learned nor swept
     * @param restart   the graceful-restart phase, in words
     * @param added     routes added since start; {@code replaced}, {@code deleted} likewise
     * @param failures  requests the kernel refused since start
     * @param excluded  learned routes kept out of the kernel, with the reason
     */
    record KernelState(long table, int protocol, int installed, int blackholes, int stale, int adopted,
            String restart, long added, long replaced, long deleted, long failures, List<ExcludedRoute> excluded) {
        public KernelState {
            excluded = List.copyOf(excluded);
        }
    }

    /** A learned route kept out of the kernel: a service range, an unusable next hop, a route of another protocol. */
    record ExcludedRoute(String prefix, String reason) {}

    /** How long the agent has been running. */
    default Duration uptime(Instant now) {
        return Duration.between(node().startedAt(), now);
    }
}
