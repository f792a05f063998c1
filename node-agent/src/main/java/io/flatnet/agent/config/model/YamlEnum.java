package io.flatnet.agent.config.model;

/** An enum whose constants are written in YAML with Calico's spelling ({@code NodeIP}, {@code Auto}). */
public interface YamlEnum {
    String yamlName();
}
