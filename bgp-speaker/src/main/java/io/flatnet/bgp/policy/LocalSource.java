package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import java.util.Objects;

/** The source of the speaker's own advertisements; see {@link SourceFacts#local}. */
public record LocalSource(RouterId routerId, Asn peerAs) implements SourceFacts {
    private static final IpAddress UNSPECIFIED = IpAddress.v4(0);

    public LocalSource {
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(peerAs, "peerAs");
    }

    @Override
    public SourceKind sourceKind() {
        return SourceKind.LOCAL;
    }

    @Override
    public IpAddress peerAddress() {
        return UNSPECIFIED;
    }

    @Override
    public boolean fromReflectorClient() {
        return false;
    }

    @Override
    public String toString() {
        return "local";
    }
}
