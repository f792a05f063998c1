package io.flatnet.agent.config.model;

/** BGPConfiguration.spec.bindMode: where the agent listens. */
public enum BindMode implements YamlEnum {
    NONE("None"),
    NODE_IP("NodeIP");

    private final String yamlName;

    BindMode(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
