package io.flatnet.agent.config.model;

/** BGPFilter rule matchOperator, comparing a route's prefix with the rule's cidr. */
public enum MatchOperator implements YamlEnum {
    EQUAL("Equal"),
    NOT_EQUAL("NotEqual"),
    IN("In"),
    NOT_IN("NotIn");

    private final String yamlName;

    MatchOperator(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
