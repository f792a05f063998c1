package io.flatnet.bgp.wire;

import static io.flatnet.bgp.wire.WireBytes.MARKER;
import static io.flatnet.bgp.wire.WireBytes.assertGolden;
import static io.flatnet.bgp.wire.WireBytes.decode;
import static io.flatnet.bgp.wire.WireBytes.decodeError;
import static io.flatnet.bgp.wire.WireBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.wire.message.Keepalive;
import io.flatnet.bgp.wire.message.RouteRefresh;
import org.junit.jupiter.api.Test;

class KeepaliveAndRouteRefreshTest {
    private static final CodecContext CTX = CodecContext.INITIAL;

    @Test
    void keepalive() throws Exception {
        assertGolden(Keepalive.INSTANCE, MARKER + " 0013 04", CTX);
    }

    @Test
    void keepaliveWithABodyIsBadMessageLength() {
        WireError error = decodeError(MARKER + " 0014 04 00", CTX);
        assertThat(error.code()).isEqualTo(NotificationCode.BAD_MESSAGE_LENGTH);
        assertThat(error.data()).isEqualTo(Bytes.fromHex("0014"));
    }

    @Test
    void routeRefreshRequest() throws Exception {
        assertGolden(RouteRefresh.request(AddressFamily.IPV4_UNICAST), MARKER + " 0017 05 0001 00 01", CTX);
    }

    @Test
    void beginningOfRouteRefresh() throws Exception {
        assertGolden(new RouteRefresh(AddressFamily.IPV6_UNICAST, RouteRefresh.BEGIN_OF_ROUTE_REFRESH),
                MARKER + " 0017 05 0002 01 01", CTX);
    }

    @Test
    void endOfRouteRefresh() throws Exception {
        assertGolden(new RouteRefresh(AddressFamily.IPV4_UNICAST, RouteRefresh.END_OF_ROUTE_REFRESH),
                MARKER + " 0017 05 0001 02 01", CTX);
    }

    @Test
    void unknownSubtypeAndFamilyDecodeForTheSessionToIgnore() throws Exception {
        // RFC 7313 §5: other subtypes are ignored; RFC 2918: unnegotiated families too. Both are session policy.
        assertThat(decode(MARKER + " 0017 05 4005 07 85", CTX).message())
                .isEqualTo(new RouteRefresh(new AddressFamily(0x4005, 0x85), 7));
    }

    @Test
    void wrongLengthIsRouteRefreshErrorWithTheWholeMessageAsData() {
        for (String message : new String[] {MARKER + " 0018 05 0001 01 01 00", MARKER + " 0016 05 0001 02",
                MARKER + " 0013 05", MARKER + " 0018 05 0001 00 01 ff"}) {
            WireError error = decodeError(message, CTX);
            assertThat(error.code()).isEqualTo(NotificationCode.ROUTE_REFRESH_INVALID_LENGTH);
            assertThat(error.data()).isEqualTo(Bytes.of(hex(message)));
        }
    }
}
