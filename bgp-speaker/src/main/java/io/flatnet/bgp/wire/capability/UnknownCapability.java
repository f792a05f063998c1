package io.flatnet.bgp.wire.capability;

import io.flatnet.bgp.model.Bytes;
import java.util.Objects;

/** A capability flatnet does not implement, kept byte for byte so it can be logged and shown. */
public record UnknownCapability(int code, Bytes value) implements Capability {
    public UnknownCapability {
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("capability code is one octet: " + code);
        }
        Objects.requireNonNull(value, "value");
        if (value.length() > 255) {
            throw new IllegalArgumentException("capability value is at most 255 octets");
        }
    }
}
