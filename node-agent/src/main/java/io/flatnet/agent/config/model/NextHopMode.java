package io.flatnet.agent.config.model;

/** BGPPeer.spec.nextHopMode: Auto is Calico's default (self towards eBGP, unchanged towards iBGP). */
public enum NextHopMode implements YamlEnum {
    AUTO("Auto"),
    SELF("Self"),
    KEEP("Keep");

    private final String yamlName;

    NextHopMode(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
