package io.flatnet.agent.config.model;

/** BGPFilter rule peerType. */
public enum PeerType implements YamlEnum {
    EBGP("eBGP"),
    IBGP("iBGP");

    private final String yamlName;

    PeerType(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
