package io.flatnet.agent.config.model;

/** BGPFilter rule action. */
public enum FilterAction implements YamlEnum {
    ACCEPT("Accept"),
    REJECT("Reject");

    private final String yamlName;

    FilterAction(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
