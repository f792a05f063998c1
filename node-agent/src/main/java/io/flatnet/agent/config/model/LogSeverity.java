package io.flatnet.agent.config.model;

/** BGPConfiguration.spec.logSeverityScreen. */
public enum LogSeverity implements YamlEnum {
    DEBUG("Debug"),
    INFO("Info"),
    WARNING("Warning"),
    ERROR("Error"),
    FATAL("Fatal");

    private final String yamlName;

    LogSeverity(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
