package io.flatnet.agent.config.file;

import io.flatnet.agent.config.model.NodeBgp;
import io.flatnet.agent.config.model.NodeSpec;
import io.flatnet.bgp.model.Afi;

/** Reads {@code Node.spec}: {@code bgp} and {@code podCIDRs}. */
final class NodeReader {
    private NodeReader() {}

    static NodeSpec read(Fields spec) {
        NodeBgp bgp = NodeBgp.NONE;
        Fields b = spec.map("bgp");
        if (b != null) {
            bgp = new NodeBgp(
                    b.read("ipv4Address", Values.interfaceAddress(Afi.IPV4)),
                    b.read("ipv6Address", Values.interfaceAddress(Afi.IPV6)),
                    b.read("asNumber", Values::asn),
                    b.read("routeReflectorClusterID", Values::dottedQuad));
            b.finish();
        }
        NodeSpec result = new NodeSpec(bgp, spec.list("podCIDRs", Values::cidr));
        spec.finish();
        return result;
    }
}
