package io.flatnet.k8s.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What {@link NodeStatusWriter} writes as {@code status}, for schema tests in other packages. */
public final class NodeStatusMaps {
    private NodeStatusMaps() {}

    public static Map<String, Object> example() {
        NodeStatus s = new NodeStatus(List.of(new NodeStatus.Peer("192.168.10.1", "Established",
                Instant.parse("2026-01-01T00:00:00Z"))), new NodeStatus.RouteCounts(3, 12, 12),
                Optional.of("kernel: EEXIST"));
        return NodeStatusWriter.statusMap(s, Instant.parse("2026-01-01T00:01:00Z"));
    }
}
