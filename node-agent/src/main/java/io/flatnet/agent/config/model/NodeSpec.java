package io.flatnet.agent.config.model;

import io.flatnet.bgp.model.IpPrefix;
import java.util.List;
import java.util.Objects;

/**
 * {@code Node.spec}: its BGP settings and the pod CIDR blocks it advertises (in Kubernetes these
 * come from the Node object's {@code spec.podCIDRs}).
 */
public record NodeSpec(NodeBgp bgp, List<IpPrefix> podCIDRs) {
    public NodeSpec {
        Objects.requireNonNull(bgp, "bgp");
        podCIDRs = List.copyOf(podCIDRs);
    }
}
