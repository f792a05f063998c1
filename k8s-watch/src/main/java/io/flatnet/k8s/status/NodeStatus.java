package io.flatnet.k8s.status;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The BGP status of one node, as written to its BGPNodeStatus.
 *
 * @param peers     one per configured peer
 * @param routes    route counts
 * @param lastError the last error the agent hit (configuration refused, kernel write failed), if any
 */
public record NodeStatus(List<Peer> peers, RouteCounts routes, Optional<String> lastError) {
    public NodeStatus {
        peers = List.copyOf(peers);
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(lastError, "lastError");
    }

    /**
     * @param state RFC 4271 state name as the agent shows it: Idle, Connect, Active, OpenSent,
     *              OpenConfirm, Established
     * @param since when the session entered that state
     */
    public record Peer(String address, String state, Instant since) {
        public Peer {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(since, "since");
        }
    }

    /** Routes advertised by this node, received from peers, and installed in the kernel. */
    public record RouteCounts(long advertised, long received, long installed) {}
}
