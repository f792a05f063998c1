package io.flatnet.bgp.session.received;

import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.wire.attribute.MpReachNlri;
import io.flatnet.bgp.wire.attribute.MpUnreachNlri;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The path attributes a set of routes share, without the per-message NLRI carriers: no
 * MP_REACH_NLRI, MP_UNREACH_NLRI or NEXT_HOP in {@code attributes}; the next hop, from whichever
 * of those carried it, is a field. {@link ReceivedRoutes} makes one per interned RIB attribute set, so
 * routes learnt with the same attributes hold the same instance.
 *
 * @param attributes       the remaining attributes, in received order
 * @param nextHop          the IPv4 NEXT_HOP or the MP_REACH_NLRI next hop
 * @param linkLocalNextHop the RFC 2545 link-local next hop, or {@code null}
 */
public record AttributeSet(List<PathAttribute> attributes, IpAddress nextHop, IpAddress linkLocalNextHop) {

    public AttributeSet {
        attributes = List.copyOf(attributes);
        Objects.requireNonNull(nextHop, "nextHop");
        for (PathAttribute a : attributes) {
            if (a instanceof MpReachNlri || a instanceof MpUnreachNlri || a instanceof NextHop) {
                throw new IllegalArgumentException("NLRI carriers and NEXT_HOP are not part of an attribute set: " + a);
            }
        }
    }

    /** The set for routes received with {@code received} attributes and {@code nextHop}. */
    public static AttributeSet of(List<PathAttribute> received, IpAddress nextHop, IpAddress linkLocalNextHop) {
        List<PathAttribute> kept = new ArrayList<>(received.size());
        for (PathAttribute a : received) {
            if (!(a instanceof MpReachNlri || a instanceof MpUnreachNlri || a instanceof NextHop)) {
                kept.add(a);
            }
        }
        return new AttributeSet(kept, nextHop, linkLocalNextHop);
    }

    public <T extends PathAttribute> java.util.Optional<T> attribute(Class<T> kind) {
        return attributes.stream().filter(kind::isInstance).map(kind::cast).findFirst();
    }
}
