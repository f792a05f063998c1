package io.flatnet.bgp.wire.capability;

import io.flatnet.bgp.model.Asn;
import java.util.Objects;

/** Support for 4-octet AS numbers (RFC 6793 §3), carrying the speaker's real AS. */
public record FourOctetAsCapability(Asn asn) implements Capability {
    public FourOctetAsCapability {
        Objects.requireNonNull(asn, "asn");
    }

    @Override
    public int code() {
        return FOUR_OCTET_AS;
    }
}
