package io.flatnet.bgp.wire.message;

import io.flatnet.bgp.model.AddressFamily;
import java.util.Objects;

/**
 * ROUTE-REFRESH (RFC 2918) with the RFC 7313 message subtype: 0 asks for a refresh, 1 and 2 mark
 * the beginning and end of an enhanced refresh.
 */
public record RouteRefresh(AddressFamily family, int subtype) implements BgpMessage {
    public static final int NORMAL = 0;
    public static final int BEGIN_OF_ROUTE_REFRESH = 1;
    public static final int END_OF_ROUTE_REFRESH = 2;

    public RouteRefresh {
        Objects.requireNonNull(family, "family");
        if (subtype < 0 || subtype > 255) {
            throw new IllegalArgumentException("subtype is one octet: " + subtype);
        }
    }

    public static RouteRefresh request(AddressFamily family) {
        return new RouteRefresh(family, NORMAL);
    }

    @Override
    public MessageType type() {
        return MessageType.ROUTE_REFRESH;
    }
}
