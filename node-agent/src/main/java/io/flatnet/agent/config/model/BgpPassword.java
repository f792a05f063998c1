package io.flatnet.agent.config.model;

import java.util.Objects;

/**
 * A TCP MD5 password source. Calico's only form is {@code secretKeyRef: {name, key}}, a key of a
 * Kubernetes Secret; it needs the Kubernetes mode. The standalone file has no Secrets, so it
 * writes the key itself, {@code inline: "..."} (a flatnet addition): keep such a file readable by
 * root only.
 */
public sealed interface BgpPassword {

    record SecretKeyRef(String name, String key) implements BgpPassword {
        public SecretKeyRef {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(key, "key");
        }
    }

    record Inline(String value) implements BgpPassword {
        public Inline {
            Objects.requireNonNull(value, "value");
        }

        /** Keeps the key out of logs. */
        @Override
        public String toString() {
            return "Inline[***]";
        }
    }
}
