package io.flatnet.bgp.wire;

import static io.flatnet.bgp.wire.UpdateBytes.AS_PATH_4;
import static io.flatnet.bgp.wire.UpdateBytes.NEXT_HOP;
import static io.flatnet.bgp.wire.UpdateBytes.NLRI;
import static io.flatnet.bgp.wire.UpdateBytes.ORIGIN_IGP;
import static io.flatnet.bgp.wire.UpdateBytes.announce;
import static io.flatnet.bgp.wire.UpdateBytes.attr;
import static io.flatnet.bgp.wire.UpdateBytes.body;
import static io.flatnet.bgp.wire.WireFixtures.FOUR;
import static io.flatnet.bgp.wire.WireFixtures.IBGP;
import static io.flatnet.bgp.wire.WireFixtures.TWO;
import static io.flatnet.bgp.wire.WireFixtures.decode;
import static io.flatnet.bgp.wire.WireFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.AtomicAggregate;
import io.flatnet.bgp.wire.attribute.LocalPref;
import io.flatnet.bgp.wire.attribute.MpReachNlri;
import io.flatnet.bgp.wire.attribute.MpUnreachNlri;
import io.flatnet.bgp.wire.attribute.Origin;
import io.flatnet.bgp.wire.attribute.OriginType;
import io.flatnet.bgp.wire.message.Update;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One test per RFC 7606 (and RFC 4271 / 4760 / 6793 / 7607) rule: the action and the NOTIFICATION code. */
class UpdateErrorHandlingTest {
    private static final String MANDATORY = ORIGIN_IGP + AS_PATH_4 + NEXT_HOP;
    /** MP_REACH_NLRI for IPv6 unicast, next hop 2001:db8::1, NLRI 2001:db8:1::/64. */
    private static final String MP_REACH_V6 = attr(0x80, 14, "0002 01 10 20010db8000000000000000000000001 00 40 20010db800010000");

    static Stream<Arguments> nonFatal() {
        return Stream.of(
                row("§4 attribute overruns the attribute list", FOUR, announce(MANDATORY + "80 04 04 0000"),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.ATTRIBUTE_LENGTH_ERROR),
                row("§4 too few octets for an attribute header", FOUR, announce(MANDATORY + "80 04"),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.MALFORMED_ATTRIBUTE_LIST),
                row("§4 extended-length header cut short", FOUR, announce(MANDATORY + "90 04 00"),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.MALFORMED_ATTRIBUTE_LIST),
                row("§3 g duplicate attribute", FOUR, announce(MANDATORY + attr(0x40, 1, "02")),
                        ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.MALFORMED_ATTRIBUTE_LIST),
                row("§3 c ORIGIN flagged optional", FOUR, announce(attr(0xc0, 1, "00") + AS_PATH_4 + NEXT_HOP),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.ATTRIBUTE_FLAGS_ERROR),
                row("§3 c AS_PATH non-transitive", FOUR, announce(ORIGIN_IGP + attr(0x00, 2, "0201 0000fde9") + NEXT_HOP),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.ATTRIBUTE_FLAGS_ERROR),
                row("§3 c COMMUNITIES non-transitive", FOUR, announce(MANDATORY + attr(0x80, 8, "fde90064")),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.ATTRIBUTE_FLAGS_ERROR),
                row("§3 c ATOMIC_AGGREGATE flags: its own action, discard", FOUR, announce(MANDATORY + attr(0xc0, 6, "")),
                        ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.ATTRIBUTE_FLAGS_ERROR),
                row("§3 c MP_REACH_NLRI flags: parsed, then withdrawn", FOUR,
                        body("", attr(0xc0, 14, "0002 01 10 20010db8000000000000000000000001 00 40 20010db800010000")
                                + ORIGIN_IGP + AS_PATH_4, ""),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.ATTRIBUTE_FLAGS_ERROR),
                row("§3 d ORIGIN missing", FOUR, announce(AS_PATH_4 + NEXT_HOP),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.MISSING_WELL_KNOWN_ATTRIBUTE),
                row("§3 d AS_PATH missing", FOUR, announce(ORIGIN_IGP + NEXT_HOP),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.MISSING_WELL_KNOWN_ATTRIBUTE),
                row("§3 d NEXT_HOP missing with IPv4 NLRI", FOUR, announce(ORIGIN_IGP + AS_PATH_4),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.MISSING_WELL_KNOWN_ATTRIBUTE),
                row("§3 d ORIGIN missing with MP_REACH NLRI", FOUR, body("", MP_REACH_V6 + AS_PATH_4, ""),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.MISSING_WELL_KNOWN_ATTRIBUTE),
                row("§7.1 ORIGIN value", FOUR, announce(attr(0x40, 1, "03") + AS_PATH_4 + NEXT_HOP),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.INVALID_ORIGIN_ATTRIBUTE),
                row("§7.1 ORIGIN length", FOUR, announce(attr(0x40, 1, "") + AS_PATH_4 + NEXT_HOP),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.ATTRIBUTE_LENGTH_ERROR),
                row("§7.2 AS_PATH segment type", FOUR, announce(ORIGIN_IGP + attr(0x40, 2, "0501 0000fde9") + NEXT_HOP),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.MALFORMED_AS_PATH),
                row("§7.2 AS_PATH zero-length segment", FOUR, announce(ORIGIN_IGP + attr(0x40, 2, "0200") + NEXT_HOP),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.MALFORMED_AS_PATH),
                row("§7.2 AS_PATH segment overrun", FOUR, announce(ORIGIN_IGP + attr(0x40, 2, "0202 0000fde9") + NEXT_HOP),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.MALFORMED_AS_PATH),
                row("§7.2 AS_PATH lone trailing octet", FOUR, announce(ORIGIN_IGP + attr(0x40, 2, "0201 0000fde9 02") + NEXT_HOP),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.MALFORMED_AS_PATH),
                row("RFC 7607 AS_PATH with AS 0", FOUR, announce(ORIGIN_IGP + attr(0x40, 2, "0201 00000000") + NEXT_HOP),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.MALFORMED_AS_PATH),
                row("§7.3 NEXT_HOP length", FOUR, announce(ORIGIN_IGP + AS_PATH_4 + attr(0x40, 3, "c00002")),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.ATTRIBUTE_LENGTH_ERROR),
                row("RFC 4271 §6.3 NEXT_HOP 0.0.0.0", FOUR, announce(ORIGIN_IGP + AS_PATH_4 + attr(0x40, 3, "00000000")),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.INVALID_NEXT_HOP_ATTRIBUTE),
                row("RFC 4271 §6.3 NEXT_HOP broadcast", FOUR, announce(ORIGIN_IGP + AS_PATH_4 + attr(0x40, 3, "ffffffff")),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.INVALID_NEXT_HOP_ATTRIBUTE),
                row("RFC 4271 §6.3 MP_REACH next hop multicast", FOUR,
                        body("", attr(0x80, 14, "0002 01 10 ff020000000000000000000000000001 00 40 20010db800010000")
                                + ORIGIN_IGP + AS_PATH_4, ""),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.INVALID_NEXT_HOP_ATTRIBUTE),
                row("§7.4 MED length", FOUR, announce(MANDATORY + attr(0x80, 4, "000000")),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.ATTRIBUTE_LENGTH_ERROR),
                row("§7.5 LOCAL_PREF from eBGP", FOUR, announce(MANDATORY + attr(0x40, 5, "00000064")),
                        ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.UPDATE_MESSAGE_ERROR),
                row("§7.5 malformed LOCAL_PREF from eBGP is still only discarded", FOUR, announce(MANDATORY + attr(0x40, 5, "00")),
                        ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.UPDATE_MESSAGE_ERROR),
                row("§7.5 LOCAL_PREF length from iBGP", IBGP, announce(MANDATORY + attr(0x40, 5, "0000000064")),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.ATTRIBUTE_LENGTH_ERROR),
                row("§7.6 ATOMIC_AGGREGATE length", FOUR, announce(MANDATORY + attr(0x40, 6, "00")),
                        ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.ATTRIBUTE_LENGTH_ERROR),
                row("§7.7 AGGREGATOR 6 octets on a 4-octet session", FOUR, announce(MANDATORY + attr(0xc0, 7, "fde9 c0000201")),
                        ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.ATTRIBUTE_LENGTH_ERROR),
                row("§7.7 AGGREGATOR 8 octets on a 2-octet session", TWO,
                        announce(ORIGIN_IGP + UpdateBytes.AS_PATH_2 + NEXT_HOP + attr(0xc0, 7, "0000fde9 c0000201")),
                        ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.ATTRIBUTE_LENGTH_ERROR),
                row("RFC 7607 AGGREGATOR AS 0", FOUR, announce(MANDATORY + attr(0xc0, 7, "00000000 c0000201")),
                        ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR),
                row("§7.8 COMMUNITIES empty", FOUR, announce(MANDATORY + attr(0xc0, 8, "")),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.ATTRIBUTE_LENGTH_ERROR),
                row("§7.8 COMMUNITIES length", FOUR, announce(MANDATORY + attr(0xc0, 8, "fde900")),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.ATTRIBUTE_LENGTH_ERROR),
                row("§7.9 ORIGINATOR_ID from eBGP", FOUR, announce(MANDATORY + attr(0x80, 9, "0a000001")),
                        ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.UPDATE_MESSAGE_ERROR),
                row("§7.9 ORIGINATOR_ID length from iBGP", IBGP, announce(MANDATORY + attr(0x80, 9, "0a0000")),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.ATTRIBUTE_LENGTH_ERROR),
                row("§7.10 CLUSTER_LIST from eBGP", FOUR, announce(MANDATORY + attr(0x80, 10, "0a000001")),
                        ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.UPDATE_MESSAGE_ERROR),
                row("§7.10 CLUSTER_LIST empty from iBGP", IBGP, announce(MANDATORY + attr(0x80, 10, "")),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.ATTRIBUTE_LENGTH_ERROR),
                row("§7.11 MP_REACH next hop length", FOUR,
                        body("", attr(0x80, 14, "0002 01 04 0a000001 00 40 20010db800010000") + ORIGIN_IGP + AS_PATH_4, ""),
                        ErrorAction.AFISAFI_DISABLE, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR),
                row("§7.11 MP_REACH next hop overruns the attribute", FOUR, body("", attr(0x80, 14, "0002 01 10 20010db8"), ""),
                        ErrorAction.AFISAFI_DISABLE, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR),
                row("§7.11 MP_REACH without next hop length", FOUR, body("", attr(0x80, 14, "0002 01"), ""),
                        ErrorAction.AFISAFI_DISABLE, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR),
                row("§5.3 MP_REACH prefix length 129", FOUR,
                        body("", attr(0x80, 14, "0002 01 10 20010db8000000000000000000000001 00 81") + ORIGIN_IGP + AS_PATH_4, ""),
                        ErrorAction.AFISAFI_DISABLE, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR),
                row("§5.3 MP_UNREACH overrun", FOUR, body("", attr(0x80, 15, "0002 01 30 2001"), ""),
                        ErrorAction.AFISAFI_DISABLE, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR),
                row("§7.14 EXTENDED_COMMUNITIES length", FOUR, announce(MANDATORY + attr(0xc0, 16, "0002fde9000000")),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.ATTRIBUTE_LENGTH_ERROR),
                row("RFC 8092 §6 LARGE_COMMUNITIES length", FOUR, announce(MANDATORY + attr(0xc0, 32, "0000fde9 00000001")),
                        ErrorAction.TREAT_AS_WITHDRAW, NotificationCode.ATTRIBUTE_LENGTH_ERROR),
                row("RFC 4760 MP_REACH family not negotiated: ignored", CodecContext.INITIAL, body("", MP_REACH_V6, ""),
                        ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR),
                row("RFC 4760 MP_UNREACH family not routed: ignored", FOUR, body("", attr(0x80, 15, "0001 80"), ""),
                        ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR),
                row("RFC 6793 §6 AS4_PATH on a 4-octet session", FOUR, announce(MANDATORY + attr(0xc0, 17, "0201 0000fde9")),
                        ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR),
                row("RFC 6793 §6 AS4_AGGREGATOR on a 4-octet session", FOUR,
                        announce(MANDATORY + attr(0xc0, 18, "0000fde9 c0000201")),
                        ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR),
                row("RFC 6793 §6 AS4_PATH too short", TWO,
                        announce(ORIGIN_IGP + UpdateBytes.AS_PATH_2 + NEXT_HOP + attr(0xc0, 17, "0201")),
                        ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.ATTRIBUTE_LENGTH_ERROR),
                row("RFC 6793 §6 AS4_PATH bad segment", TWO,
                        announce(ORIGIN_IGP + UpdateBytes.AS_PATH_2 + NEXT_HOP + attr(0xc0, 17, "0701 0000fde9")),
                        ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR),
                row("RFC 6793 §6 AS4_PATH confederation segments dropped", TWO,
                        announce(ORIGIN_IGP + UpdateBytes.AS_PATH_2 + NEXT_HOP + attr(0xc0, 17, "0301 0000fde9 0201 0000fde9")),
                        ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR),
                row("RFC 6793 §6 AS4_AGGREGATOR length", TWO,
                        announce(ORIGIN_IGP + UpdateBytes.AS_PATH_2 + NEXT_HOP + attr(0xc0, 18, "fde9 c0000201")),
                        ErrorAction.ATTRIBUTE_DISCARD, NotificationCode.ATTRIBUTE_LENGTH_ERROR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonFatal")
    void nonFatalErrorsCarryActionAndCode(String rule, CodecContext context, String wire, ErrorAction action,
            NotificationCode code) throws Exception {
        Decoded decoded = decode(wire, context);
        assertThat(decoded.action()).as("%s", decoded.errors()).isEqualTo(action);
        assertThat(decoded.errors()).as("one error").hasSize(1);
        assertThat(decoded.errors().get(0).code()).isEqualTo(code);
        assertThat(decoded.errors().get(0).reason()).isNotBlank();
    }

    static Stream<Arguments> fatal() {
        return Stream.of(
                row("RFC 4271 §6.1 body under 4 octets", FOUR, "0000 00", ErrorAction.SESSION_RESET,
                        NotificationCode.BAD_MESSAGE_LENGTH, "0016"),
                row("RFC 4271 §6.3 Withdrawn Routes Length overrun", FOUR, "0005 0a 0000", ErrorAction.SESSION_RESET,
                        NotificationCode.MALFORMED_ATTRIBUTE_LIST, ""),
                row("RFC 4271 §6.3 Total Path Attribute Length overrun", FOUR, "0000 0005 40010100", ErrorAction.SESSION_RESET,
                        NotificationCode.MALFORMED_ATTRIBUTE_LIST, ""),
                row("§5.3 NLRI prefix length 33", FOUR, body("", MANDATORY, "21 0a000000 01"), ErrorAction.SESSION_RESET,
                        NotificationCode.INVALID_NETWORK_FIELD, ""),
                row("§5.3 NLRI overrun", FOUR, body("", MANDATORY, "18 0a01"), ErrorAction.SESSION_RESET,
                        NotificationCode.INVALID_NETWORK_FIELD, ""),
                row("§3 f Withdrawn Routes checked like NLRI", FOUR, body("19 0a0100", "", ""), ErrorAction.SESSION_RESET,
                        NotificationCode.INVALID_NETWORK_FIELD, ""),
                row("§3 g MP_REACH twice", FOUR, body("", MP_REACH_V6 + ORIGIN_IGP + AS_PATH_4 + MP_REACH_V6, ""),
                        ErrorAction.SESSION_RESET, NotificationCode.MALFORMED_ATTRIBUTE_LIST, hex(MP_REACH_V6)),
                row("RFC 4271 §6.3 unrecognized well-known", FOUR, announce(MANDATORY + attr(0x40, 77, "00")),
                        ErrorAction.SESSION_RESET, NotificationCode.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, hex(attr(0x40, 77, "00"))),
                row("§3 j MP attribute overrunning the attribute list", FOUR, body("", ORIGIN_IGP + "80 0f 09 0002 01", ""),
                        ErrorAction.SESSION_RESET, NotificationCode.ATTRIBUTE_LENGTH_ERROR, "800f09000201"),
                row("§3 j MP attribute header cut short", FOUR, body("", ORIGIN_IGP + "90 0e 00", ""),
                        ErrorAction.SESSION_RESET, NotificationCode.MALFORMED_ATTRIBUTE_LIST, "900e00"),
                row("RFC 4760 §7 MP attribute too short for its family", FOUR, body("", attr(0x80, 14, "0002"), ""),
                        ErrorAction.SESSION_RESET, NotificationCode.OPTIONAL_ATTRIBUTE_ERROR, hex(attr(0x80, 14, "0002"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fatal")
    void sessionResetsAreThrownWithCodeAndData(String rule, CodecContext context, String wire, ErrorAction action,
            NotificationCode code, String data) {
        assertThatThrownBy(() -> decode(wire, context)).isInstanceOfSatisfying(BgpWireException.class, e -> {
            assertThat(e.error().action()).isEqualTo(action);
            assertThat(e.error().code()).isEqualTo(code);
            assertThat(e.error().data().toHex()).isEqualTo(data);
        });
    }

    @Test
    void treatAsWithdrawStillHoldsEveryNlri() throws Exception {
        // MP_REACH_NLRI comes after a malformed AS_PATH: it is still read, so its NLRI can be withdrawn.
        String wire = body("10 0a09", ORIGIN_IGP + attr(0x40, 2, "0500") + NEXT_HOP + MP_REACH_V6, NLRI);
        Decoded decoded = decode(wire, FOUR);
        assertThat(decoded.action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
        Update update = (Update) decoded.message();
        assertThat(update.nlri().prefixes()).containsExactly(IpPrefix.parse("10.1.0.0/24"));
        assertThat(update.withdrawn().prefixes()).containsExactly(IpPrefix.parse("10.9.0.0/16"));
        assertThat(update.mpReach().map(MpReachNlri::nlri).map(NlriList::prefixes).orElseThrow())
                .containsExactly(IpPrefix.parse("2001:db8:1::/64"));
    }

    @Test
    void nlriAfterATruncatedAttributeListIsStillFound() throws Exception {
        Decoded decoded = decode(body("", MANDATORY + "c0 08 09 fde9", NLRI), FOUR);
        assertThat(decoded.action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
        assertThat(((Update) decoded.message()).nlri().prefixes()).containsExactly(IpPrefix.parse("10.1.0.0/24"));
        assertThat(decoded.errors()).hasSize(1); // no "missing attribute" noise after the cut
    }

    @Test
    void attributeDiscardRemovesOnlyThatAttribute() throws Exception {
        Decoded decoded = decode(announce(MANDATORY + attr(0x40, 6, "01") + attr(0x40, 5, "00000064")), FOUR);
        assertThat(decoded.action()).isEqualTo(ErrorAction.ATTRIBUTE_DISCARD);
        Update update = (Update) decoded.message();
        assertThat(update.attribute(AtomicAggregate.class)).isEmpty();
        assertThat(update.attribute(LocalPref.class)).isEmpty();
        assertThat(update.attributes()).hasSize(3);
        assertThat(decoded.errors()).hasSize(2);
    }

    @Test
    void localPrefFromIbgpIsKept() throws Exception {
        Update update = WireFixtures.decodeClean(announce(MANDATORY + attr(0x40, 5, "00000064")), IBGP);
        assertThat(update.attribute(LocalPref.class)).contains(new LocalPref(100));
    }

    @Test
    void duplicateKeepsTheFirst() throws Exception {
        Decoded decoded = decode(announce(attr(0x40, 1, "02") + ORIGIN_IGP + AS_PATH_4 + NEXT_HOP), FOUR);
        assertThat(((Update) decoded.message()).attribute(Origin.class)).contains(new Origin(OriginType.INCOMPLETE));
        assertThat(decoded.errors().get(0).data().toHex()).isEqualTo(hex(ORIGIN_IGP));
    }

    @Test
    void strongestActionWins() throws Exception {
        Decoded discardAndWithdraw = decode(announce(attr(0x40, 1, "05") + AS_PATH_4 + NEXT_HOP + attr(0x40, 6, "01")), FOUR);
        assertThat(discardAndWithdraw.errors()).extracting(WireError::action)
                .containsExactly(ErrorAction.TREAT_AS_WITHDRAW, ErrorAction.ATTRIBUTE_DISCARD);
        assertThat(discardAndWithdraw.action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);

        Decoded disableAndWithdraw = decode(body("", attr(0x80, 15, "0002 01 80") + attr(0x40, 1, "05") + AS_PATH_4, ""), FOUR);
        assertThat(disableAndWithdraw.action()).isEqualTo(ErrorAction.AFISAFI_DISABLE);
    }

    @Test
    void afiSafiDisableLeavesTheBrokenAttributeOut() throws Exception {
        Decoded decoded = decode(body("", attr(0x80, 15, "0002 01 80"), ""), FOUR);
        assertThat(((Update) decoded.message()).mpUnreach()).isEmpty();
        assertThat(UpdateDecoder.disabledFamily(decoded.errors().get(0))).contains(AddressFamily.IPV6_UNICAST);
    }

    @Test
    void nothingIsMandatoryForWithdrawalsOrAnEmptyMpReach() throws Exception {
        assertThat(decode(body("18 0a0100", "", ""), FOUR).errors()).isEmpty();
        assertThat(decode(body("", attr(0x80, 15, "0002 01 40 20010db800010000"), ""), FOUR).errors()).isEmpty();
        assertThat(decode(body("", attr(0x80, 14, "0002 01 10 20010db8000000000000000000000001 00"), ""), FOUR).errors())
                .isEmpty();
        // NEXT_HOP is not needed when the only NLRI are in MP_REACH_NLRI (RFC 4760 §3).
        assertThat(decode(body("", MP_REACH_V6 + ORIGIN_IGP + AS_PATH_4, ""), FOUR).errors()).isEmpty();
    }

    @Test
    void semanticNextHopCheckOnlyWhenItIsUsed() throws Exception {
        // A NEXT_HOP of 0.0.0.0 alongside MP-only NLRI is ignored per RFC 4760 §3, not an error.
        assertThat(decode(body("", MP_REACH_V6 + ORIGIN_IGP + AS_PATH_4 + attr(0x40, 3, "00000000"), ""), FOUR).errors())
                .isEmpty();
    }

    @Test
    void unknownOptionalAttributesNeverFail() throws Exception {
        for (int type : new int[] {0, 11, 12, 13, 19, 29, 40, 128, 255}) {
            for (int flags : new int[] {0x80, 0xa0, 0xc0, 0xe0, 0xcf}) {
                Decoded decoded = decode(announce(MANDATORY + attr(flags, type, "ffffffff00")), FOUR);
                assertThat(decoded.errors()).as("type %d flags %x", type, flags).isEmpty();
            }
        }
    }

    @Test
    void confederationSegmentsDroppedFromAs4PathLeaveTheRest() throws Exception {
        Decoded decoded = decode(announce(ORIGIN_IGP + attr(0x40, 2, "0201 5ba0") + NEXT_HOP
                + attr(0xc0, 17, "0301 0000fde9 0201 fa56ea01")), TWO);
        assertThat(((Update) decoded.message()).attribute(AsPath.class))
                .contains(AsPath.sequence(io.flatnet.bgp.model.Asn.of(4_200_000_001L)));
    }

    @Test
    void extendedNextHopAcceptedOnlyWhenNegotiated() throws Exception {
        String wire = body("", attr(0x80, 14, "0001 01 10 20010db8000000000000000000000001 00 18 0a0100")
                + ORIGIN_IGP + AS_PATH_4, "");
        assertThat(decode(wire, FOUR).action()).isEqualTo(ErrorAction.AFISAFI_DISABLE);
        CodecContext extended = new CodecContext(true, false, Set.of(), Set.of(), Set.of(AddressFamily.IPV4_UNICAST),
                WireFixtures.BOTH, false);
        Update update = WireFixtures.decodeClean(wire, extended);
        assertThat(update.mpReach().orElseThrow().nextHop().isV4()).isFalse();
        assertThat(update.mpUnreach().map(MpUnreachNlri::family)).isEmpty();
    }

    private static Arguments row(Object... values) {
        return Arguments.of(values);
    }
}
