package io.flatnet.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.ExtendedCommunity;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.LargeCommunity;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.model.route.Aggregator;
import io.flatnet.bgp.model.route.AsPath;
import io.flatnet.bgp.model.route.AsPathSegment;
import io.flatnet.bgp.model.route.OpaqueAttribute;
import io.flatnet.bgp.model.route.RouteAttributes;
import io.flatnet.bgp.model.route.RouteOrigin;
import io.flatnet.bgp.wire.RouteAttributesMapper.NextHopFrom;
import io.flatnet.bgp.wire.attribute.AttributeFlags;
import io.flatnet.bgp.wire.attribute.LocalPref;
import io.flatnet.bgp.wire.attribute.MpReachNlri;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.attribute.Origin;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import io.flatnet.bgp.wire.attribute.UnknownAttribute;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteAttributesMapperTest {
    /** Every attribute the model holds, with an IPv4 next hop. */
    private static final RouteAttributes FULL = RouteAttributes.builder(RouteOrigin.EGP,
                    AsPath.of(new AsPathSegment(AsPathSegment.Type.CONFED_SEQUENCE, List.of(Asn.of(64600))),
                            AsPathSegment.sequence(Asn.of(65001), Asn.of(4_200_000_001L)),
                            AsPathSegment.set(Asn.of(65010), Asn.of(65011))),
                    IpAddress.parse("192.0.2.1"))
            .med(50)
            .localPref(150)
            .atomicAggregate(true)
            .aggregator(Optional.of(new Aggregator(Asn.of(65001), IpAddress.parse("10.0.0.1"))))
            .communities(List.of(Community.of(65001, 100), Community.NO_EXPORT))
            .extendedCommunities(List.of(ExtendedCommunity.routeTarget(65001, 7)))
            .largeCommunities(List.of(new LargeCommunity(4_200_000_001L, 1, 2)))
            .originatorId(RouterId.parse("10.0.0.9"))
            .clusterList(List.of(RouterId.parse("1.1.1.1"), RouterId.parse("2.2.2.2")))
            .unknownTransitive(List.of(new OpaqueAttribute(0xE0, 99, Bytes.fromHex("01 02 03"))))
            .build();

    @Test
    void modelToWireToModelWithNextHop() {
        List<PathAttribute> wire = RouteAttributesMapper.toWire(FULL);

        assertThat(wire).extracting(PathAttribute::typeCode).isSorted().contains(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 16, 32, 99);
        assertThat(RouteAttributesMapper.toModel(wire, NextHopFrom.NEXT_HOP)).isEqualTo(FULL);
    }

    @Test
    void modelToWireToModelWithMpReach() {
        RouteAttributes v6 = FULL.withNextHop(IpAddress.parse("fd00::1"), Optional.of(IpAddress.parse("fe80::1")));
        NlriList nlri = NlriList.of(IpPrefix.parse("fd00:10:244:1::/64"));

        List<PathAttribute> wire = RouteAttributesMapper.toWire(v6, AddressFamily.IPV6_UNICAST, nlri);

        assertThat(wire).noneMatch(a -> a instanceof NextHop);
        assertThat(wire).filteredOn(a -> a instanceof MpReachNlri).singleElement()
                .isEqualTo(new MpReachNlri(AddressFamily.IPV6_UNICAST, IpAddress.parse("fd00::1"), IpAddress.parse("fe80::1"), nlri));
        assertThat(RouteAttributesMapper.toModel(wire, NextHopFrom.MP_REACH)).isEqualTo(v6);
    }

    @Test
    void wireToModelToWire() {
        List<PathAttribute> wire = List.of(
                Origin.IGP,
                io.flatnet.bgp.wire.attribute.AsPath.sequence(Asn.of(65001)),
                new NextHop(IpAddress.parse("192.0.2.1")),
                new LocalPref(100),
                new UnknownAttribute(AttributeFlags.OPTIONAL_TRANSITIVE | AttributeFlags.PARTIAL, 200, Bytes.fromHex("ff")));

        assertThat(RouteAttributesMapper.toWire(RouteAttributesMapper.toModel(wire, NextHopFrom.NEXT_HOP))).isEqualTo(wire);
    }

    @Test
    void minimalSet() {
        RouteAttributes minimal = RouteAttributes.of(RouteOrigin.INCOMPLETE, AsPath.EMPTY, IpAddress.parse("192.0.2.1"));

        List<PathAttribute> wire = RouteAttributesMapper.toWire(minimal);

        assertThat(wire).hasSize(3);
        assertThat(RouteAttributesMapper.toModel(wire, NextHopFrom.NEXT_HOP)).isEqualTo(minimal);
    }

    @Test
    void unknownNonTransitiveAttributesAreDropped() {
        List<PathAttribute> wire = List.of(Origin.IGP, io.flatnet.bgp.wire.attribute.AsPath.EMPTY,
                new NextHop(IpAddress.parse("192.0.2.1")),
                new UnknownAttribute(AttributeFlags.OPTIONAL_NON_TRANSITIVE, 201, Bytes.fromHex("00")));

        assertThat(RouteAttributesMapper.toModel(wire, NextHopFrom.NEXT_HOP).unknownTransitive()).isEmpty();
    }

    @Test
    void nextHopComesFromTheAttributeAsked() {
        NlriList v4 = NlriList.of(IpPrefix.parse("10.0.0.0/24"));
        List<PathAttribute> both = List.of(Origin.IGP, io.flatnet.bgp.wire.attribute.AsPath.EMPTY,
                new NextHop(IpAddress.parse("192.0.2.1")),
                new MpReachNlri(AddressFamily.IPV4_UNICAST, IpAddress.parse("fd00::9"), v4));

        assertThat(RouteAttributesMapper.toModel(both, NextHopFrom.NEXT_HOP).nextHop()).isEqualTo(IpAddress.parse("192.0.2.1"));
        assertThat(RouteAttributesMapper.toModel(both, NextHopFrom.MP_REACH).nextHop()).isEqualTo(IpAddress.parse("fd00::9"));
        assertThat(v4.afi()).isEqualTo(Afi.IPV4);
    }

    @Test
    void missingMandatoryAttributesAreAProgrammingError() {
        assertThatThrownBy(() -> RouteAttributesMapper.toModel(List.of(Origin.IGP), NextHopFrom.NEXT_HOP))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RouteAttributesMapper.toWire(FULL.withNextHop(IpAddress.parse("fd00::1"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
