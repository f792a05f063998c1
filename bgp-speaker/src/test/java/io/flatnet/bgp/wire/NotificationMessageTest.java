package io.flatnet.bgp.wire;

import static io.flatnet.bgp.wire.WireBytes.MARKER;
import static io.flatnet.bgp.wire.WireBytes.assertGolden;
import static io.flatnet.bgp.wire.WireBytes.decode;
import static io.flatnet.bgp.wire.WireBytes.decodeError;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.wire.message.Notification;
import org.junit.jupiter.api.Test;

class NotificationMessageTest {
    private static final CodecContext CTX = CodecContext.INITIAL;

    @Test
    void rfc9003ShutdownCommunication() throws Exception {
        Notification shutdown = Notification.shutdown(NotificationCode.CEASE_ADMINISTRATIVE_SHUTDOWN, "maintenance");
        // 19 + code + subcode + length octet 11 + "maintenance" = 33
        assertGolden(shutdown, MARKER + " 0021 03 06 02 0b 6d61696e74656e616e6365", CTX);
        Notification decoded = (Notification) decode(MARKER + " 0021 03 06 02 0b 6d61696e74656e616e6365", CTX).message();
        assertThat(decoded.shutdownMessage()).contains("maintenance");
    }

    @Test
    void withoutData() throws Exception {
        assertGolden(Notification.of(NotificationCode.HOLD_TIMER_EXPIRED), MARKER + " 0015 03 04 00", CTX);
    }

    @Test
    void headerErrorDataRoundTrips() throws Exception {
        // what we send for a bad length: 1/2 with the offending length field as data
        assertGolden(Notification.of(NotificationCode.BAD_MESSAGE_LENGTH, Bytes.fromHex("1001")),
                MARKER + " 0017 03 01 02 1001", CTX);
    }

    @Test
    void codesFlatnetDoesNotKnowAreKeptAsNumbers() throws Exception {
        Notification odd = new Notification(200, 17, Bytes.fromHex("de ad"));
        assertGolden(odd, MARKER + " 0017 03 c8 11 dead", CTX);
        assertThat(odd.known()).isNull();
    }

    @Test
    void longerThan4096WhenExtendedMessagesAreOn() throws Exception {
        CodecContext extended = Contexts.extendedMessages();
        Notification big = Notification.of(NotificationCode.CEASE, Bytes.of(new byte[5000]));
        assertGolden(big, MARKER + " 139d 03 06 00" + "00".repeat(5000), extended);
        assertThat(decodeError(MARKER + " 139d 03 06 00" + "00".repeat(5000), CTX).code())
                .isEqualTo(NotificationCode.BAD_MESSAGE_LENGTH);
    }

    @Test
    void shorterThanCodeAndSubcodeIsBadMessageLength() {
        WireError error = decodeError(MARKER + " 0014 03 06", CTX);
        assertThat(error.code()).isEqualTo(NotificationCode.BAD_MESSAGE_LENGTH);
        assertThat(error.data()).isEqualTo(Bytes.fromHex("0014"));
    }
}
