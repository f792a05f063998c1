package io.flatnet.bgp.wire;

import static io.flatnet.bgp.wire.UpdateBytes.attr;
import static io.flatnet.bgp.wire.UpdateBytes.body;
import static io.flatnet.bgp.wire.WireFixtures.ADD_PATH;
import static io.flatnet.bgp.wire.WireFixtures.FOUR;
import static io.flatnet.bgp.wire.WireFixtures.TWO;
import static io.flatnet.bgp.wire.WireFixtures.decodeClean;
import static io.flatnet.bgp.wire.WireFixtures.encode;
import static io.flatnet.bgp.wire.WireFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.wire.attribute.Aggregator;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.AsPathSegment;
import io.flatnet.bgp.wire.attribute.Communities;
import io.flatnet.bgp.wire.attribute.MpReachNlri;
import io.flatnet.bgp.wire.attribute.MultiExitDisc;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.attribute.Origin;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import io.flatnet.bgp.wire.attribute.UnknownAttribute;
import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whole UPDATE bodies, golden bytes both ways. */
class UpdateCodecTest {
    private static final Asn BIG = Asn.of(4_200_000_001L); // fa56ea01, AS_TRANS 5ba0 on 2-octet sessions
    private static final NlriList NONE = NlriList.empty(Afi.IPV4);
    private static final NextHop NH = new NextHop(IpAddress.parse("192.0.2.1"));

    @Test
    void ipv4WithNlriAndWithdrawn() throws Exception {
        Update update = new Update(
                NlriList.of(IpPrefix.parse("10.9.0.0/16")),
                List.of(Origin.IGP, AsPath.sequence(Asn.of(65001)), NH, new MultiExitDisc(50),
                        new Communities(List.of(Community.of(65001, 100)))),
                NlriList.of(IpPrefix.parse("10.1.0.0/24"), IpPrefix.parse("10.2.0.0/23"), IpPrefix.parse("0.0.0.0/0")));
        String wire = """
                0003 10 0a09
                0022
                  40 01 01 00
                  40 02 06 02 01 0000fde9
                  40 03 04 c0000201
                  80 04 04 00000032
                  c0 08 04 fde90064
                18 0a0100  17 0a0200  00
                """;
        both(update, FOUR, wire);
    }

    @Test
    void ipv6ViaMpReachWithLinkLocalNextHopGoesFirst() throws Exception {
        MpReachNlri reach = new MpReachNlri(AddressFamily.IPV6_UNICAST, IpAddress.parse("2001:db8::1"),
                IpAddress.parse("fe80::1"), NlriList.of(IpPrefix.parse("2001:db8:1::/64")));
        String wire = """
                0000
                003e
                  80 0e 2e 0002 01 20 20010db8000000000000000000000001 fe800000000000000000000000000001 00
                           40 20010db800010000
                  40 01 01 00
                  40 02 06 02 01 0000fde9
                """;
        // Given in any order, written with MP_REACH_NLRI first (RFC 7606 §5.1) and read back in wire order.
        assertThat(encode(new Update(NONE, List.of(AsPath.sequence(Asn.of(65001)), Origin.IGP, reach), NONE), FOUR))
                .isEqualTo(hex(wire));
        both(new Update(NONE, List.of(reach, Origin.IGP, AsPath.sequence(Asn.of(65001))), NONE), FOUR, wire);
    }

    @Test
    void addPathIdentifiersOnBothIpv4Fields() throws Exception {
        Update update = new Update(
                NlriList.builder(Afi.IPV4, true).add(3, IpPrefix.parse("10.9.0.0/16")).build(),
                List.of(Origin.IGP, AsPath.sequence(Asn.of(65001)), NH),
                NlriList.builder(Afi.IPV4, true)
                        .add(1, IpPrefix.parse("10.1.0.0/24"))
                        .add(0xFFFF_FFFEL, IpPrefix.parse("10.1.0.0/24"))
                        .build());
        String wire = """
                0007 00000003 10 0a09
                0014 40010100 4002060201 0000fde9 4003 04 c0000201
                00000001 18 0a0100  fffffffe 18 0a0100
                """;
        both(update, ADD_PATH, wire);
    }

    @Test
    void twoOctetSessionWritesAsTransWithAs4PathAndAs4Aggregator() throws Exception {
        Update update = new Update(NONE,
                List.of(Origin.IGP, AsPath.sequence(Asn.of(65001), BIG, Asn.of(65002)), NH,
                        new Aggregator(BIG, IpAddress.parse("192.0.2.9"))),
                NlriList.of(IpPrefix.parse("10.1.0.0/24")));
        String wire = """
                0000
                003b
                  40 01 01 00
                  40 02 08 02 03 fde9 5ba0 fdea
                  40 03 04 c0000201
                  c0 07 06 5ba0 c0000209
                  c0 11 0e 02 03 0000fde9 fa56ea01 0000fdea
                  c0 12 08 fa56ea01 c0000209
                18 0a0100
                """;
        both(update, TWO, wire);
    }

    @Test
    void twoOctetMergeKeepsAsesPrependedByAnOldSpeaker() throws Exception {
        // AS 65010 (2-octet only) prepended itself after a 4-octet speaker wrote AS4_PATH.
        String wire = body("", UpdateBytes.ORIGIN_IGP
                + attr(0x40, 2, "02 03 fdf2 5ba0 fde9")
                + UpdateBytes.NEXT_HOP
                + attr(0xc0, 17, "02 02 fa56ea01 0000fde9"), UpdateBytes.NLRI);
        Update update = decodeClean(wire, TWO);
        assertThat(update.attribute(AsPath.class)).contains(AsPath.sequence(Asn.of(65010), BIG, Asn.of(65001)));
    }

    @Test
    void twoOctetMergeIgnoresAs4PathLongerThanAsPath() throws Exception {
        String wire = body("", UpdateBytes.ORIGIN_IGP + attr(0x40, 2, "02 01 5ba0") + UpdateBytes.NEXT_HOP
                + attr(0xc0, 17, "02 02 fa56ea01 0000fde9"), UpdateBytes.NLRI);
        assertThat(decodeClean(wire, TWO).attribute(AsPath.class)).contains(AsPath.sequence(Asn.AS_TRANS));
    }

    @Test
    void twoOctetMergeIgnoresAs4AttributesWhenAggregatorIsNotAsTrans() throws Exception {
        // RFC 6793 §4.2.3: a 2-octet speaker aggregated after AS4_PATH was written; AS4_* are stale.
        String wire = body("", UpdateBytes.ORIGIN_IGP + attr(0x40, 2, "02 01 5ba0") + UpdateBytes.NEXT_HOP
                + attr(0xc0, 7, "fdf2 c0000209") + attr(0xc0, 17, "02 01 fa56ea01")
                + attr(0xc0, 18, "fa56ea01 c0000209"), UpdateBytes.NLRI);
        Update update = decodeClean(wire, TWO);
        assertThat(update.attribute(AsPath.class)).contains(AsPath.sequence(Asn.AS_TRANS));
        assertThat(update.attribute(Aggregator.class)).contains(new Aggregator(Asn.of(65010), IpAddress.parse("192.0.2.9")));
    }

    @Test
    void twoOctetMergeKeepsLeadingConfederationSegments() throws Exception {
        AsPath path = new AsPath(List.of(
                new AsPathSegment(AsPathSegment.Type.AS_CONFED_SEQUENCE, List.of(Asn.of(65100))),
                new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, List.of(BIG))));
        Update update = new Update(NONE, List.of(Origin.IGP, path, NH), NlriList.of(IpPrefix.parse("10.1.0.0/24")));
        String wire = """
                0000
                001f
                  40 01 01 00
                  40 02 08 03 01 fe4c 02 01 5ba0
                  40 03 04 c0000201
                  c0 11 06 02 01 fa56ea01
                18 0a0100
                """;
        both(update, TWO, wire);
    }

    @Test
    void endOfRibForBothFamilies() throws Exception {
        both(Update.endOfRib(AddressFamily.IPV4_UNICAST), FOUR, "0000 0000");
        both(Update.endOfRib(AddressFamily.IPV6_UNICAST), FOUR, "0000 0006 80 0f 03 000201");
        // On an add-path session the empty list must still equal the marker.
        Update v6 = decodeClean("0000 0006 80 0f 03 000201", ADD_PATH);
        assertThat(v6).isEqualTo(Update.endOfRib(AddressFamily.IPV6_UNICAST));
        assertThat(v6.endOfRibFamily()).contains(AddressFamily.IPV6_UNICAST);
        assertThat(decodeClean("0000 0000", FOUR).endOfRibFamily()).contains(AddressFamily.IPV4_UNICAST);
    }

    @Test
    void unknownOptionalTransitiveAttributeRoundTripsByteForByte() throws Exception {
        String wire = body("", UpdateBytes.ORIGIN_IGP + UpdateBytes.AS_PATH_4 + UpdateBytes.NEXT_HOP
                + attr(0xc0, 29, "deadbeef 0013 37ff 42"), UpdateBytes.NLRI);
        Update update = decodeClean(wire, FOUR);
        UnknownAttribute unknown = new UnknownAttribute(0xc0, 29, Bytes.fromHex("deadbeef001337ff42"));
        assertThat(update.attributes()).contains(unknown);
        assertThat(encode(update, FOUR)).isEqualTo(hex(wire));

        UnknownAttribute passed = unknown.passedOn();
        assertThat(passed.flags()).isEqualTo(0xe0);
        List<PathAttribute> onward = new ArrayList<>(update.attributes());
        onward.set(onward.indexOf(unknown), passed);
        String expected = body("", UpdateBytes.ORIGIN_IGP + UpdateBytes.AS_PATH_4 + UpdateBytes.NEXT_HOP
                + attr(0xe0, 29, "deadbeef 0013 37ff 42"), UpdateBytes.NLRI);
        assertThat(encode(new Update(update.withdrawn(), onward, update.nlri()), FOUR)).isEqualTo(hex(expected));
        assertThat(decodeClean(expected, FOUR).attributes()).contains(passed);
    }

    @Test
    void extendedLengthOnlyPast255Octets() throws Exception {
        List<Community> many = new ArrayList<>();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            many.add(Community.of(65001, i));
            values.append(String.format("fde9%04x", i));
        }
        Update update = new Update(NONE, List.of(Origin.IGP, AsPath.sequence(Asn.of(65001)), NH, new Communities(many)),
                NlriList.of(IpPrefix.parse("10.1.0.0/24")));
        String wire = body("", UpdateBytes.ORIGIN_IGP + UpdateBytes.AS_PATH_4 + UpdateBytes.NEXT_HOP
                + "d0 08 0118" + values, UpdateBytes.NLRI);
        both(update, FOUR, wire);
        // A received Extended Length on a short value is read, and written back canonically.
        String longForm = body("", UpdateBytes.ORIGIN_IGP + attr(0x50, 2, "0201 0000fde9") + UpdateBytes.NEXT_HOP,
                UpdateBytes.NLRI);
        assertThat(encode(decodeClean(longForm, FOUR), FOUR))
                .isEqualTo(hex(body("", UpdateBytes.ORIGIN_IGP + UpdateBytes.AS_PATH_4 + UpdateBytes.NEXT_HOP,
                        UpdateBytes.NLRI)));
    }

    @Test
    void emptyListAttributesAreLeftOut() {
        Update update = new Update(NONE, List.of(Origin.IGP, new Communities(List.of())), NONE);
        assertThat(encode(update, FOUR)).isEqualTo(hex("0000 0004 40010100"));
    }

    @Test
    void bodyLengthMatchesAndOversizeIsRefused() {
        List<IpPrefix> prefixes = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            prefixes.add(IpPrefix.v4(0x0a000000 | (i << 8), 24));
        }
        Update big = new Update(NONE, List.of(Origin.IGP, AsPath.sequence(Asn.of(65001)), NH), NlriList.of(Afi.IPV4, prefixes));
        assertThat(UpdateEncoder.bodyLength(big, FOUR)).isEqualTo(4 + 4 + 9 + 7 + 1100 * 4);
        assertThatThrownBy(() -> UpdateEncoder.encodeBody(big, FOUR, Unpooled.buffer()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds");
        CodecContext extended = new CodecContext(true, true, java.util.Set.of(), java.util.Set.of(), java.util.Set.of(),
                WireFixtures.BOTH, false);
        assertThat(encode(big, extended)).hasSize(2 * UpdateEncoder.bodyLength(big, extended));
    }

    @Test
    void disabledFamilyIsReadFromTheErrorData() throws Exception {
        String wire = body("", attr(0x80, 15, "0002 01 40 20010db8"), "");
        Decoded decoded = WireFixtures.decode(wire, FOUR);
        assertThat(decoded.action()).isEqualTo(ErrorAction.AFISAFI_DISABLE);
        assertThat(UpdateDecoder.disabledFamily(decoded.errors().get(0))).contains(AddressFamily.IPV6_UNICAST);
        assertThat(UpdateDecoder.disabledFamily(WireError.reset(NotificationCode.CEASE, "x"))).isEqualTo(Optional.empty());
    }

    /** Encodes to exactly {@code wire} and decodes {@code wire} back to an equal update without errors. */
    private static void both(Update update, CodecContext context, String wire) throws Exception {
        assertThat(encode(update, context)).as("encoded").isEqualTo(hex(wire));
        assertThat(UpdateEncoder.bodyLength(update, context)).isEqualTo(hex(wire).length() / 2);
        assertThat(decodeClean(wire, context)).as("decoded").isEqualTo(update);
    }
}
