package io.flatnet.bgp.wire.attribute;

import io.flatnet.bgp.model.RouterId;
import java.util.List;
/** CLUSTER_LIST (RFC 4456 §8): cluster ids the route was reflected through, nearest first. */
public record ClusterList(List<RouterId> clusterIds) implements KnownAttribute {
    public ClusterList {
        clusterIds = List.copyOf(clusterIds);
    }

    @Override
    public AttributeType attributeType() {
        return AttributeType.CLUSTER_LIST;
    }
}
