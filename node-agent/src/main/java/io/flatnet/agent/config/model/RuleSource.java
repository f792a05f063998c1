package io.flatnet.agent.config.model;

/** BGPFilter rule source: RemotePeers matches routes learned from BGP peers. */
public enum RuleSource implements YamlEnum {
    REMOTE_PEERS("RemotePeers");

    private final String yamlName;

    RuleSource(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
