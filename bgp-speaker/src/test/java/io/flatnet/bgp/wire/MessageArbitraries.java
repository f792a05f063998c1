package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.wire.capability.AddPathCapability;
import io.flatnet.bgp.wire.capability.Capability;
import io.flatnet.bgp.wire.capability.EnhancedRouteRefreshCapability;
import io.flatnet.bgp.wire.capability.ExtendedMessageCapability;
import io.flatnet.bgp.wire.capability.ExtendedNextHopCapability;
import io.flatnet.bgp.wire.capability.FourOctetAsCapability;
import io.flatnet.bgp.wire.capability.GracefulRestartCapability;
import io.flatnet.bgp.wire.capability.MultiprotocolCapability;
import io.flatnet.bgp.wire.capability.RouteRefreshCapability;
import io.flatnet.bgp.wire.capability.UnknownCapability;
import io.flatnet.bgp.wire.message.BgpMessage;
import io.flatnet.bgp.wire.message.Keepalive;
import io.flatnet.bgp.wire.message.Notification;
import io.flatnet.bgp.wire.message.Open;
import io.flatnet.bgp.wire.message.RouteRefresh;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of valid messages: every value they make must survive encode then decode. Messages
 * are kept small enough for a 4096-octet OPEN.
 */
final class MessageArbitraries {
    private static final Set<Integer> KNOWN_CAPABILITY_CODES = Set.of(
            Capability.MULTIPROTOCOL, Capability.ROUTE_REFRESH, Capability.EXTENDED_NEXT_HOP, Capability.EXTENDED_MESSAGE,
            Capability.GRACEFUL_RESTART, Capability.FOUR_OCTET_AS, Capability.ADD_PATH, Capability.ENHANCED_ROUTE_REFRESH);

    private MessageArbitraries() {}

    static Arbitrary<BgpMessage> messages() {
        return Arbitraries.oneOf(opens(), notifications(), routeRefreshes(), Arbitraries.just(Keepalive.INSTANCE));
    }

    static Arbitrary<AddressFamily> families() {
        Arbitrary<AddressFamily> any = Combinators.combine(
                Arbitraries.integers().between(0, 0xFFFF), Arbitraries.integers().between(0, 0xFF)).as(AddressFamily::new);
        // the two families flatnet routes, most of the time; any AFI/SAFI pair otherwise
        return Arbitraries.oneOf(Arbitraries.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST), any);
    }

    static Arbitrary<Open> opens() {
        Arbitrary<Integer> holdTime = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(3, 0xFFFF));
        Arbitrary<RouterId> id = Arbitraries.integers().filter(bits -> bits != 0).map(RouterId::of);
        return Combinators.combine(
                        Arbitraries.integers().between(1, 0xFFFF), holdTime, id, capabilities().list().ofMaxSize(12))
                .as((as, hold, routerId, caps) -> new Open(Open.BGP_VERSION, as, hold, routerId, caps));
    }

    static Arbitrary<Capability> capabilities() {
        return Arbitraries.oneOf(
                families().map(MultiprotocolCapability::new),
                Arbitraries.just(new RouteRefreshCapability()),
                Arbitraries.just(new EnhancedRouteRefreshCapability()),
                Arbitraries.just(new ExtendedMessageCapability()),
                Arbitraries.longs().between(1, 0xFFFF_FFFFL).map(v -> new FourOctetAsCapability(Asn.of(v))),
                gracefulRestart(),
                addPath(),
                extendedNextHop(),
                unknownCapabilities());
    }

    private static Arbitrary<Capability> gracefulRestart() {
        Arbitrary<GracefulRestartCapability.Family> family =
                Combinators.combine(families(), Arbitraries.of(true, false)).as(GracefulRestartCapability.Family::new);
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 4095), family.list().ofMaxSize(10))
                .as(GracefulRestartCapability::new);
    }

    private static Arbitrary<Capability> addPath() {
        Arbitrary<AddPathCapability.Entry> entry = Combinators.combine(
                families(), Arbitraries.of(AddPathCapability.Mode.class)).as(AddPathCapability.Entry::new);
        return entry.list().ofMaxSize(10).map(AddPathCapability::new);
    }

    private static Arbitrary<Capability> extendedNextHop() {
        Arbitrary<ExtendedNextHopCapability.Entry> entry = Combinators.combine(
                families(), Arbitraries.integers().between(0, 0xFFFF)).as(ExtendedNextHopCapability.Entry::new);
        return entry.list().ofMaxSize(10).map(ExtendedNextHopCapability::new);
    }

    private static Arbitrary<Capability> unknownCapabilities() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 255).filter(code -> !KNOWN_CAPABILITY_CODES.contains(code)),
                        bytes(100))
                .as(UnknownCapability::new);
    }

    static Arbitrary<Notification> notifications() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255), bytes(300))
                .as(Notification::new);
    }

    static Arbitrary<RouteRefresh> routeRefreshes() {
        return Combinators.combine(families(), Arbitraries.integers().between(0, 255)).as(RouteRefresh::new);
    }

    static Arbitrary<Bytes> bytes(int maxLength) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxLength).map(Bytes::of);
    }

}
