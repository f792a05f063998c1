package io.flatnet.bgp.wire;

import static io.flatnet.bgp.wire.WireFixtures.FOUR;
import static io.flatnet.bgp.wire.WireFixtures.TWO;
import static io.flatnet.bgp.wire.WireFixtures.buf;
import static io.flatnet.bgp.wire.WireFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.ExtendedCommunity;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.LargeCommunity;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.wire.attribute.Aggregator;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.AsPathSegment;
import io.flatnet.bgp.wire.attribute.AtomicAggregate;
import io.flatnet.bgp.wire.attribute.AttributeType;
import io.flatnet.bgp.wire.attribute.ClusterList;
import io.flatnet.bgp.wire.attribute.Communities;
import io.flatnet.bgp.wire.attribute.ExtendedCommunities;
import io.flatnet.bgp.wire.attribute.LargeCommunities;
import io.flatnet.bgp.wire.attribute.LocalPref;
import io.flatnet.bgp.wire.attribute.MpReachNlri;
import io.flatnet.bgp.wire.attribute.MpUnreachNlri;
import io.flatnet.bgp.wire.attribute.MultiExitDisc;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.attribute.Origin;
import io.flatnet.bgp.wire.attribute.OriginatorId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Golden bytes both ways for every codec in {@link AttributeCodecs}: the value field only. */
class AttributeCodecTest {
    private static final Asn BIG = Asn.of(4_200_000_001L); // 0xfa56ea01

    @Test
    void tableHasOneCodecPerKnownType() {
        for (AttributeType type : AttributeType.values()) {
            assertThat(AttributeCodecs.forCode(type.code()).type()).isEqualTo(type);
        }
        assertThat(AttributeCodecs.forCode(29)).isNull();
        assertThat(AttributeCodecs.forCode(0)).isNull();
    }

    @Test
    void origin() throws Exception {
        golden(new OriginCodec(), FOUR, Origin.IGP, "00");
        golden(new OriginCodec(), FOUR, Origin.EGP, "01");
        golden(new OriginCodec(), FOUR, Origin.INCOMPLETE, "02");
        assertThat(new OriginCodec().decode(buf("02"), FOUR)).isSameAs(Origin.INCOMPLETE);
    }

    @Test
    void asPathFourOctet() throws Exception {
        AsPath path = new AsPath(List.of(
                new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, List.of(Asn.of(65001), BIG)),
                new AsPathSegment(AsPathSegment.Type.AS_SET, List.of(Asn.of(65010), Asn.of(65011)))));
        golden(new AsPathCodec(), FOUR, path, "02 02 0000fde9 fa56ea01  01 02 0000fdf2 0000fdf3");
    }

    @Test
    void asPathTwoOctetWithConfederationSegments() throws Exception {
        AsPath path = new AsPath(List.of(
                new AsPathSegment(AsPathSegment.Type.AS_CONFED_SEQUENCE, List.of(Asn.of(65100))),
                new AsPathSegment(AsPathSegment.Type.AS_CONFED_SET, List.of(Asn.of(65101))),
                new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, List.of(Asn.of(65001), Asn.of(65002)))));
        golden(new AsPathCodec(), TWO, path, "03 01 fe4c  04 01 fe4d  02 02 fde9 fdea");
    }

    @Test
    void asPathEmptyIsValid() throws Exception {
        golden(new AsPathCodec(), FOUR, AsPath.EMPTY, "");
    }

    @Test
    void asPathTwoOctetWritesAsTransForLargeAsns() {
        ByteBuf out = Unpooled.buffer();
        new AsPathCodec().encode(AsPath.sequence(Asn.of(65001), BIG), TWO, out);
        assertThat(hex(out)).isEqualTo(hex("02 02 fde9 5ba0"));
    }

    @Test
    void nextHop() throws Exception {
        golden(new NextHopCodec(), FOUR, new NextHop(IpAddress.parse("192.0.2.1")), "c0000201");
    }

    @Test
    void multiExitDiscAndLocalPrefAreUnsigned() throws Exception {
        golden(new MultiExitDiscCodec(), FOUR, new MultiExitDisc(100), "00000064");
        golden(new MultiExitDiscCodec(), FOUR, new MultiExitDisc(0xFFFF_FFFFL), "ffffffff");
        golden(new LocalPrefCodec(), FOUR, new LocalPref(200), "000000c8");
        golden(new LocalPrefCodec(), FOUR, new LocalPref(0x8000_0000L), "80000000");
    }

    @Test
    void atomicAggregate() throws Exception {
        golden(new AtomicAggregateCodec(), FOUR, AtomicAggregate.INSTANCE, "");
    }

    @Test
    void aggregatorBySessionKind() throws Exception {
        IpAddress address = IpAddress.parse("192.0.2.9");
        golden(new AggregatorCodec(), FOUR, new Aggregator(BIG, address), "fa56ea01 c0000209");
        golden(new AggregatorCodec(), TWO, new Aggregator(Asn.of(65001), address), "fde9 c0000209");
        ByteBuf out = Unpooled.buffer();
        new AggregatorCodec().encode(new Aggregator(BIG, address), TWO, out);
        assertThat(hex(out)).isEqualTo(hex("5ba0 c0000209"));
    }

    @Test
    void communities() throws Exception {
        golden(new CommunitiesCodec(), FOUR, new Communities(List.of(Community.of(65001, 100), Community.NO_EXPORT)),
                "fde90064 ffffff01");
    }

    @Test
    void originatorIdAndClusterList() throws Exception {
        golden(new OriginatorIdCodec(), FOUR, new OriginatorId(RouterId.parse("10.0.0.7")), "0a000007");
        golden(new ClusterListCodec(), FOUR,
                new ClusterList(List.of(RouterId.parse("10.0.0.1"), RouterId.parse("10.0.0.2"))), "0a000001 0a000002");
    }

    @Test
    void mpReachIpv6WithLinkLocalNextHop() throws Exception {
        MpReachNlri reach = new MpReachNlri(AddressFamily.IPV6_UNICAST, IpAddress.parse("2001:db8::1"),
                IpAddress.parse("fe80::1"),
                NlriList.of(IpPrefix.parse("2001:db8:1::/48"), IpPrefix.parse("::/0")));
        golden(new MpReachNlriCodec(), FOUR, reach,
                "0002 01 20 20010db8000000000000000000000001 fe800000000000000000000000000001 00  30 20010db80001  00");
    }

    @Test
    void mpReachIpv6GlobalNextHopOnly() throws Exception {
        MpReachNlri reach = new MpReachNlri(AddressFamily.IPV6_UNICAST, IpAddress.parse("2001:db8::1"),
                NlriList.of(IpPrefix.parse("2001:db8:1:2::/64")));
        golden(new MpReachNlriCodec(), FOUR, reach, "0002 01 10 20010db8000000000000000000000001 00  40 20010db800010002");
    }

    @Test
    void mpReachIpv4WithIpv4AndWithExtendedIpv6NextHop() throws Exception {
        NlriList nlri = NlriList.of(IpPrefix.parse("10.1.0.0/24"));
        golden(new MpReachNlriCodec(), FOUR, new MpReachNlri(AddressFamily.IPV4_UNICAST, IpAddress.parse("10.0.0.1"), nlri),
                "0001 01 04 0a000001 00 18 0a0100");
        CodecContext extended = new CodecContext(true, false, Set.of(), Set.of(), Set.of(AddressFamily.IPV4_UNICAST),
                WireFixtures.BOTH, false);
        golden(new MpReachNlriCodec(), extended,
                new MpReachNlri(AddressFamily.IPV4_UNICAST, IpAddress.parse("2001:db8::1"), nlri),
                "0001 01 10 20010db8000000000000000000000001 00 18 0a0100");
    }

    @Test
    void mpUnreachAndEndOfRib() throws Exception {
        golden(new MpUnreachNlriCodec(), FOUR,
                new MpUnreachNlri(AddressFamily.IPV6_UNICAST, NlriList.of(IpPrefix.parse("2001:db8:1::/64"))),
                "0002 01 40 20010db800010000");
        golden(new MpUnreachNlriCodec(), FOUR, new MpUnreachNlri(AddressFamily.IPV6_UNICAST, NlriList.empty(Afi.IPV6)),
                "0002 01");
    }

    @Test
    void mpUnreachWithPathIds() throws Exception {
        NlriList withdrawn = NlriList.builder(Afi.IPV6, true).add(7, IpPrefix.parse("2001:db8:1::/64")).build();
        golden(new MpUnreachNlriCodec(), WireFixtures.ADD_PATH, new MpUnreachNlri(AddressFamily.IPV6_UNICAST, withdrawn),
                "0002 01 00000007 40 20010db800010000");
    }

    @Test
    void extendedAndLargeCommunities() throws Exception {
        golden(new ExtendedCommunitiesCodec(), FOUR,
                new ExtendedCommunities(List.of(ExtendedCommunity.routeTarget(65001, 100))), "0002fde900000064");
        golden(new LargeCommunitiesCodec(), FOUR,
                new LargeCommunities(List.of(new LargeCommunity(4_200_000_001L, 1, 0xFFFF_FFFFL))),
                "fa56ea01 00000001 ffffffff");
    }

    @Test
    void as4PathAndAs4AggregatorAreAlwaysFourOctet() throws Exception {
        golden(new As4PathCodec(), TWO, new As4Path(AsPath.sequence(Asn.of(65001), BIG), false), "02 02 0000fde9 fa56ea01");
        golden(new As4AggregatorCodec(), TWO, new As4Aggregator(new Aggregator(BIG, IpAddress.parse("192.0.2.9"))),
                "fa56ea01 c0000209");
    }

    @Test
    void as4PathDropsConfederationSegments() throws Exception {
        As4Path decoded = new As4PathCodec().decode(buf("03 01 0000fe4c  02 01 fa56ea01"), TWO);
        assertThat(decoded).isEqualTo(new As4Path(AsPath.sequence(BIG), true));
    }

    @Test
    void malformedValuesNameTheirCodeAndDefaultAction() {
        assertThatThrownBy(() -> new OriginCodec().decode(buf("07"), FOUR))
                .isInstanceOfSatisfying(MalformedException.class, e -> {
                    assertThat(e.code()).isEqualTo(NotificationCode.INVALID_ORIGIN_ATTRIBUTE);
                    assertThat(e.actionOr(new OriginCodec().malformedAction())).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
                });
        assertThatThrownBy(() -> new AsPathCodec().decode(buf("02 01 0000"), TWO))
                .isInstanceOfSatisfying(MalformedException.class,
                        e -> assertThat(e.code()).isEqualTo(NotificationCode.MALFORMED_AS_PATH));
        assertThatThrownBy(() -> new AggregatorCodec().decode(buf("fde9 c0000209"), FOUR))
                .isInstanceOfSatisfying(MalformedException.class,
                        e -> assertThat(e.code()).isEqualTo(NotificationCode.ATTRIBUTE_LENGTH_ERROR));
        assertThat(new AggregatorCodec().malformedAction()).isEqualTo(ErrorAction.ATTRIBUTE_DISCARD);
        assertThat(new AtomicAggregateCodec().malformedAction()).isEqualTo(ErrorAction.ATTRIBUTE_DISCARD);
        assertThat(new As4PathCodec().malformedAction()).isEqualTo(ErrorAction.ATTRIBUTE_DISCARD);
    }

    /** Encodes {@code value} to exactly {@code hex}, announces that length, and decodes {@code hex} back to it. */
    private static <A> void golden(AttributeCodec<A> codec, CodecContext context, A value, String expectedHex) throws Exception {
        ByteBuf out = Unpooled.buffer();
        codec.encode(value, context, out);
        assertThat(hex(out)).as("encoded %s", value).isEqualTo(hex(expectedHex));
        assertThat(codec.valueLength(value, context)).as("announced length").isEqualTo(out.readableBytes());
        ByteBuf in = buf(expectedHex);
        assertThat(codec.decode(in, context)).as("decoded").isEqualTo(value);
        assertThat(in.isReadable()).as("value fully consumed").isFalse();
    }
}
