package io.flatnet.bgp.wire;

import io.flatnet.bgp.wire.attribute.Aggregator;
import java.util.Objects;

/**
 * AS4_AGGREGATOR as read off the wire (RFC 6793 §3); like {@link As4Path} it lives only inside
 * the codec, merged into or derived from {@link Aggregator}.
 */
record As4Aggregator(Aggregator aggregator) {
    As4Aggregator {
        Objects.requireNonNull(aggregator, "aggregator");
    }
}
