package io.flatnet.bgp.wire.capability;

/** One capability of an OPEN message; {@link #code()} is its IANA capability code. */
public sealed interface Capability
        permits MultiprotocolCapability, RouteRefreshCapability, EnhancedRouteRefreshCapability, FourOctetAsCapability,
                GracefulRestartCapability, ExtendedMessageCapability, AddPathCapability, ExtendedNextHopCapability,
                UnknownCapability {
    int MULTIPROTOCOL = 1;
    int ROUTE_REFRESH = 2;
    int EXTENDED_NEXT_HOP = 5;
    int EXTENDED_MESSAGE = 6;
    int GRACEFUL_RESTART = 64;
    int FOUR_OCTET_AS = 65;
    int ADD_PATH = 69;
    int ENHANCED_ROUTE_REFRESH = 70;

    int code();
}
