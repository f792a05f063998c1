package io.flatnet.bgp.wire.capability;

import io.flatnet.bgp.model.AddressFamily;
import java.util.Objects;

/** Multiprotocol extensions (RFC 4760 §8): one per AFI/SAFI the speaker can carry. */
public record MultiprotocolCapability(AddressFamily family) implements Capability {
    public MultiprotocolCapability {
        Objects.requireNonNull(family, "family");
    }

    @Override
    public int code() {
        return MULTIPROTOCOL;
    }
}
