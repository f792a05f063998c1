package io.flatnet.agent.config.model;

/** BGPPeer.spec.sourceAddress: UseNodeIP binds outgoing connections to the node's address of the peer's family; None lets the kernel choose. */
public enum SourceAddressMode implements YamlEnum {
    USE_NODE_IP("UseNodeIP"),
    NONE("None");

    private final String yamlName;

    SourceAddressMode(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
