package io.flatnet.reliability;

/**
 * The agent's configuration file for these tests: one node named {@code node} (AS 64512, no
 * mesh) and one BGPPeer, in the Calico-style resources the agent reads.
 */
final class AgentYaml {
  static final long NODE_AS = 64512;

  private AgentYaml() {}

  /** {@code peerSpec} holds more BGPPeer spec lines, each ending in a newline (indented by 2). */
  static String oneNodeOnePeer(String nodeAddress, String podCidr, String peerIp, long peerAs, String peerSpec) {
    return """
        apiVersion: flatnet.io/v1
        kind: BGPConfiguration
        metadata:
          name: default
        spec:
          asNumber: %d
          nodeToNodeMeshEnabled: false
        ---
        apiVersion: flatnet.io/v1
        kind: Node
        metadata:
          name: node
        spec:
          bgp:
            ipv4Address: %s/30
          podCIDRs: [%s]
        ---
        apiVersion: flatnet.io/v1
        kind: BGPPeer
        metadata:
          name: peer
        spec:
          peerIP: %s
          asNumber: %d
        """.formatted(NODE_AS, nodeAddress, podCidr, peerIp, peerAs) + peerSpec;
  }
}
