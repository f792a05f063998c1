package io.flatnet.bgp.wire;

import static io.flatnet.bgp.wire.WireBytes.MARKER;
import static io.flatnet.bgp.wire.WireBytes.assertGolden;
import static io.flatnet.bgp.wire.WireBytes.decode;
import static io.flatnet.bgp.wire.WireBytes.decodeError;
import static io.flatnet.bgp.wire.WireBytes.encodeToHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.flatnet.bgp.wire.message.Open;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenMessageTest {
    private static final CodecContext CTX = CodecContext.INITIAL;
    private static final RouterId ID = RouterId.parse("192.0.2.1");

    /** Every capability flatnet knows, plus two it does not, in the order of the golden bytes. */
    static final List<Capability> ALL_CAPABILITIES = List.of(
            new MultiprotocolCapability(AddressFamily.IPV4_UNICAST),
            new MultiprotocolCapability(AddressFamily.IPV6_UNICAST),
            new RouteRefreshCapability(),
            new EnhancedRouteRefreshCapability(),
            new FourOctetAsCapability(Asn.of(4_200_000_001L)),
            new GracefulRestartCapability(false, true, 120,
                    List.of(new GracefulRestartCapability.Family(AddressFamily.IPV4_UNICAST, true))),
            new ExtendedMessageCapability(),
            new AddPathCapability(List.of(
                    new AddPathCapability.Entry(AddressFamily.IPV4_UNICAST, AddPathCapability.Mode.BOTH),
                    new AddPathCapability.Entry(AddressFamily.IPV6_UNICAST, AddPathCapability.Mode.RECEIVE))),
            new ExtendedNextHopCapability(List.of(new ExtendedNextHopCapability.Entry(AddressFamily.IPV4_UNICAST, 2))),
            new UnknownCapability(128, Bytes.EMPTY),
            new UnknownCapability(73, Bytes.fromHex("03 6e3031 00")));

    // Capability by capability, code and length first (RFC 5492 §4).
    static final String ALL_CAPABILITIES_HEX = """
            01 04 0001 00 01
            01 04 0002 00 01
            02 00
            46 00
            41 04 fa56ea01
            40 06 4078 0001 01 80
            06 00
            45 08 0001 01 03 0002 01 01
            05 06 0001 0001 0002
            80 00
            49 05 03 6e3031 00
            """;

    static final Open ALL_CAPABILITIES_OPEN = Open.of(Asn.of(4_200_000_001L), 90, ID, ALL_CAPABILITIES);

    @Test
    void openWithEveryCapabilityAndAsTransInMyAs() throws Exception {
        // 59 octets of capabilities in one Capabilities parameter (61 octets): 19 + 10 + 61 = 90.
        String hex = MARKER + " 005a 01" + " 04 5ba0 005a c0000201" + " 3d 02 3b" + ALL_CAPABILITIES_HEX;
        assertGolden(ALL_CAPABILITIES_OPEN, hex, CTX);
        assertThat(ALL_CAPABILITIES_OPEN.myAutonomousSystem()).isEqualTo(23456);
        assertThat(ALL_CAPABILITIES_OPEN.asn()).isEqualTo(Asn.of(4_200_000_001L));
    }

    @Test
    void openWithoutCapabilities() throws Exception {
        Open open = new Open(4, 65001, 0, RouterId.parse("10.0.0.1"), List.of());
        assertGolden(open, MARKER + " 001d 01 04 fde9 0000 0a000001 00", CTX);
    }

    @Test
    void decodesRfc9072ExtendedOptionalParametersSplitOverTwoParameters() throws Exception {
        String[] caps = ALL_CAPABILITIES_HEX.strip().split("\n");
        String first = String.join(" ", List.of(caps).subList(0, 4)); // 16 octets
        String rest = String.join(" ", List.of(caps).subList(4, caps.length)); // 43 octets
        // Non-Ext OP Len 255, Non-Ext OP Type 255, then 2-octet lengths: 3 + 16 + 3 + 43 = 65.
        String hex = MARKER + " 0061 01 04 5ba0 005a c0000201"
                + " ff ff 0041"
                + " 02 0010 " + first
                + " 02 002b " + rest;
        assertThat(decode(hex, CTX).message()).isEqualTo(ALL_CAPABILITIES_OPEN);
    }

    @Test
    void extendedFormatIsRecognisedByTheTypeOctetWhateverTheFirstLength() throws Exception {
        // RFC 9072 §2: Non-Ext OP Len is ignored once the type octet says 255 (here it is 1).
        String hex = MARKER + " 0023 01 04 fde9 00b4 0a000001 01 ff 0003 02 0000";
        assertThat(((Open) decode(hex, CTX).message()).capabilities()).isEmpty();
    }

    @Test
    void decodesSeveralCapabilitiesParametersEachWithSeveralCapabilities() throws Exception {
        String hex = MARKER + " 0033 01 04 fde9 00b4 0a000001 16"
                + " 02 08 01 04 0001 00 01 02 00"
                + " 02 00"
                + " 02 08 46 00 41 04 0000fde9";
        Open open = (Open) decode(hex, CTX).message();
        assertThat(open.capabilities()).containsExactly(
                new MultiprotocolCapability(AddressFamily.IPV4_UNICAST), new RouteRefreshCapability(),
                new EnhancedRouteRefreshCapability(), new FourOctetAsCapability(Asn.of(65001)));
    }

    @Test
    void encodesInTheExtendedFormatOnlyWhenTheCapabilitiesExceed255Octets() throws Exception {
        List<Capability> big = new ArrayList<>();
        for (int code = 200; code < 203; code++) {
            big.add(new UnknownCapability(code, Bytes.of(new byte[100])));
        }
        Open open = new Open(4, 65001, 180, RouterId.parse("10.0.0.1"), big);
        // 3 x 102 = 306 octets of capabilities: one parameter of type 2 with a 2-octet length.
        assertThat(encodeToHex(open, CTX)).startsWith(MARKER + "015501" + "04fde900b40a000001" + "ffff0135" + "020132");
        assertThat(decode(encodeToHex(open, CTX), CTX).message()).isEqualTo(open);

        List<Capability> small = new ArrayList<>(big.subList(0, 2));
        small.add(new UnknownCapability(202, Bytes.of(new byte[47]))); // 102 + 102 + 49 = 253 octets
        assertThat(encodeToHex(new Open(4, 65001, 180, RouterId.parse("10.0.0.1"), small), CTX))
                .startsWith(MARKER + "011c01" + "04fde900b40a000001" + "ff02fd");
    }

    @Test
    void capabilitiesTooLargeForAnyOpenAreAProgrammingError() {
        List<Capability> huge = Collections.nCopies(40, new UnknownCapability(200, Bytes.of(new byte[200])));
        Open open = new Open(4, 65001, 180, ID, huge);
        assertThatThrownBy(() -> encodeToHex(open, CTX)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addPathWithAnUndefinedModeIsKeptRawAsNotUnderstood() throws Exception {
        String hex = MARKER + " 0025 01 04 fde9 00b4 0a000001 08 02 06 45 04 0001 01 04";
        Open open = (Open) decode(hex, CTX).message();
        assertThat(open.capabilities()).containsExactly(new UnknownCapability(69, Bytes.fromHex("0001 01 04")));
        assertThat(open.capability(AddPathCapability.class)).isEmpty();
        assertThat(encodeToHex(open, CTX)).isEqualTo(HexOf.clean(hex)); // kept byte for byte
    }

    @Test
    void extendedNextHopWithASafiBeyondOneOctetIsKeptRaw() throws Exception {
        String hex = MARKER + " 0027 01 04 fde9 00b4 0a000001 0a 02 08 05 06 0001 0100 0002";
        Open open = (Open) decode(hex, CTX).message();
        assertThat(open.capabilities()).containsExactly(new UnknownCapability(5, Bytes.fromHex("0001 0100 0002")));
    }

    @Test
    void unknownCapabilitiesRoundTripByteForByte() throws Exception {
        Open open = new Open(4, 65001, 180, ID, List.of(new UnknownCapability(128, Bytes.EMPTY),
                new UnknownCapability(0, Bytes.fromHex("01")), new UnknownCapability(255, Bytes.fromHex("ab cd"))));
        assertGolden(open, MARKER + " 0028 01 04 fde9 00b4 c0000201 0b 02 09 8000 000101 ff02abcd", CTX);
    }

    @Test
    void gracefulRestartWithRestartingBitAndNoFamilies() throws Exception {
        Open open = new Open(4, 65001, 180, ID, List.of(new GracefulRestartCapability(true, false, 4095, List.of())));
        assertGolden(open, MARKER + " 0023 01 04 fde9 00b4 c0000201 06 02 04 40 02 8fff", CTX);
    }

    @Test
    void reservedBitsAreIgnoredOnReceipt() throws Exception {
        // Multiprotocol reserved octet 0xff; graceful restart reserved flag bits 0x3 and F-flags 0x7f.
        String hex = MARKER + " 002d 01 04 fde9 00b4 c0000201 10 02 0e 01 04 0002 ff 01 40 06 3001 0002 01 7f";
        Open open = (Open) decode(hex, CTX).message();
        assertThat(open.capabilities()).containsExactly(
                new MultiprotocolCapability(AddressFamily.IPV6_UNICAST),
                new GracefulRestartCapability(false, false, 1,
                        List.of(new GracefulRestartCapability.Family(AddressFamily.IPV6_UNICAST, false))));
    }

    @Test
    void identifierNeedNotBeAUnicastAddress() throws Exception {
        // RFC 6286 §2.1: any non-zero 4-octet value.
        Open open = (Open) decode(MARKER + " 001d 01 04 fde9 00b4 ffffffff 00", CTX).message();
        assertThat(open.bgpIdentifier().bits()).isEqualTo(-1);
    }

    @Test
    void fixedFieldErrors() {
        String tail = " 00b4 0a000001 00";
        assertError(MARKER + " 001d 01 03 fde9" + tail, NotificationCode.UNSUPPORTED_VERSION_NUMBER, "0004");
        assertError(MARKER + " 001d 01 05 fde9" + tail, NotificationCode.UNSUPPORTED_VERSION_NUMBER, "0004");
        assertError(MARKER + " 001d 01 04 0000" + tail, NotificationCode.BAD_PEER_AS, "");
        assertError(MARKER + " 001d 01 04 fde9 0001 0a000001 00", NotificationCode.UNACCEPTABLE_HOLD_TIME, "");
        assertError(MARKER + " 001d 01 04 fde9 0002 0a000001 00", NotificationCode.UNACCEPTABLE_HOLD_TIME, "");
        assertError(MARKER + " 001d 01 04 fde9 00b4 00000000 00", NotificationCode.BAD_BGP_IDENTIFIER, "");
    }

    @Test
    void optionalParameterErrors() {
        String open = " 04 fde9 00b4 0a000001 ";
        // type 1 (authentication, removed by RFC 4271) and reserved 255 inside the extended format
        assertError(MARKER + " 0021 01" + open + "04 01 02 0000", NotificationCode.UNSUPPORTED_OPTIONAL_PARAMETER, "");
        assertError(MARKER + " 0023 01" + open + "ff ff 0003 ff 0000", NotificationCode.UNSUPPORTED_OPTIONAL_PARAMETER, "");
        // lengths that disagree with the message, or overrun their container
        assertError(MARKER + " 001d 01" + open + "01", NotificationCode.OPEN_MESSAGE_ERROR, "");
        assertError(MARKER + " 001f 01" + open + "01 02 00", NotificationCode.OPEN_MESSAGE_ERROR, "");
        assertError(MARKER + " 001f 01" + open + "02 02 01", NotificationCode.OPEN_MESSAGE_ERROR, "");
        assertError(MARKER + " 0021 01" + open + "04 02 02 02 01", NotificationCode.OPEN_MESSAGE_ERROR, "");
        assertError(MARKER + " 0020 01" + open + "03 02 01 02", NotificationCode.OPEN_MESSAGE_ERROR, "");
        assertError(MARKER + " 001f 01" + open + "ff ff 00", NotificationCode.OPEN_MESSAGE_ERROR, "");
        assertError(MARKER + " 0022 01" + open + "ff ff 0003 02 00", NotificationCode.OPEN_MESSAGE_ERROR, "");
        assertError(MARKER + " 0022 01" + open + "ff ff 0002 02 00", NotificationCode.OPEN_MESSAGE_ERROR, "");
    }

    @Test
    void knownCapabilitiesWithLengthsTheirRfcsForbid() {
        String open = MARKER + " %04x 01 04 fde9 00b4 0a000001 %02x 02 %02x ";
        for (String cap : List.of("01 03 000100", "01 05 0001000100", "02 01 00", "06 01 00", "46 02 0000",
                "41 02 fde9", "41 05 0000fde900", "40 00", "40 01 00", "40 04 0078 0001", "45 03 000101",
                "05 04 00010001")) {
            int capLength = WireBytes.hex(cap).length;
            String hex = String.format(open, 19 + 10 + 2 + capLength, capLength + 2, capLength) + cap;
            assertError(hex, NotificationCode.OPEN_MESSAGE_ERROR, "");
        }
    }

    @Test
    void fourOctetAsCapabilityWithAsZeroIsBadPeerAs() {
        assertError(MARKER + " 0025 01 04 5ba0 00b4 0a000001 08 02 06 41 04 00000000", NotificationCode.BAD_PEER_AS, "");
    }

    private static void assertError(String hex, NotificationCode code, String data) {
        WireError error = decodeError(hex, CTX);
        assertThat(error.code()).as(hex).isEqualTo(code);
        assertThat(error.action()).isEqualTo(ErrorAction.SESSION_RESET);
        assertThat(error.data()).as(hex).isEqualTo(Bytes.fromHex(data));
    }

    /** Lower-case hex without spaces, as ByteBufUtil prints it. */
    private static final class HexOf {
        static String clean(String hex) {
            return hex.replaceAll("\\s+", "").toLowerCase(java.util.Locale.ROOT);
        }
    }
}
