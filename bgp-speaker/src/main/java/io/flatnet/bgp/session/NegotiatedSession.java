package io.flatnet.bgp.session;

import io.flatnet.bgp.wire.CodecContext;
import io.flatnet.bgp.wire.capability.Capability;
import java.util.List;
import java.util.Objects;

/**
 * What the OPEN exchange of the current connection settled.
 *
 * @param context              the codec facts both sides agreed on (families, add-path, 4-octet AS...)
 * @param peerCapabilities     the capabilities the peer sent, as received
 * @param routeRefresh         both sides support RFC 2918 route refresh
 * @param enhancedRouteRefresh both sides support RFC 7313
 * @param peerGracefulRestart  the peer advertised RFC 4724 graceful restart
 */
public record NegotiatedSession(
        CodecContext context,
        List<Capability> peerCapabilities,
        boolean routeRefresh,
        boolean enhancedRouteRefresh,
        boolean peerGracefulRestart) {
    public NegotiatedSession {
        Objects.requireNonNull(context, "context");
        peerCapabilities = List.copyOf(peerCapabilities);
    }
}
