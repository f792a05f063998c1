package io.flatnet.bgp.wire;

import static io.flatnet.bgp.wire.WireBytes.MARKER;
import static io.flatnet.bgp.wire.WireBytes.decodeError;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.Bytes;
import org.junit.jupiter.api.Test;

class MessageHeaderTest {
    private static final CodecContext CTX = CodecContext.INITIAL;

    @Test
    void markerNotAllOnes() {
        WireError error = decodeError("ffffffffffffffffffffffffffffff7f 0013 04", CTX);
        assertThat(error.code()).isEqualTo(NotificationCode.CONNECTION_NOT_SYNCHRONIZED);
        assertThat(error.data()).isEqualTo(Bytes.EMPTY);
        assertThat(decodeError("00".repeat(19), CTX).code()).isEqualTo(NotificationCode.CONNECTION_NOT_SYNCHRONIZED);
    }

    @Test
    void lengthOutsideTheLimitsCarriesTheLengthFieldAsData() {
        assertBadLength(MARKER + " 0012 04", "0012", CTX);
        assertBadLength(MARKER + " 0000 04", "0000", CTX);
        assertBadLength(MARKER + " 1001 02", "1001", CTX);
        assertBadLength(MARKER + " ffff 02", "ffff", CTX);
    }

    @Test
    void openAndKeepaliveStayWithin4096EvenWithExtendedMessages() {
        CodecContext extended = Contexts.extendedMessages();
        assertBadLength(MARKER + " 1001 01", "1001", extended);
        assertBadLength(MARKER + " 1001 04", "1001", extended);
        // an UPDATE header of 4097 is fine there: the frame is merely short, so the length disagrees
        assertBadLength(MARKER + " 1001 02", "1001", extended);
    }

    @Test
    void perTypeMinimumLengths() {
        assertBadLength(MARKER + " 001c 01" + "00".repeat(9), "001c", CTX);
        assertBadLength(MARKER + " 0016 02 000000", "0016", CTX);
        assertBadLength(MARKER + " 0014 03 06", "0014", CTX);
    }

    @Test
    void unknownTypeCarriesTheTypeOctetAsData() {
        for (int type : new int[] {0, 6, 255}) {
            WireError error = decodeError(MARKER + " 0013 " + String.format("%02x", type), CTX);
            assertThat(error.code()).isEqualTo(NotificationCode.BAD_MESSAGE_TYPE);
            assertThat(error.data()).isEqualTo(Bytes.of((byte) type));
        }
    }

    @Test
    void inputThatIsNotOneWholeMessage() {
        assertThat(decodeError("", CTX).code()).isEqualTo(NotificationCode.BAD_MESSAGE_LENGTH);
        assertThat(decodeError(MARKER + " 0013", CTX).code()).isEqualTo(NotificationCode.BAD_MESSAGE_LENGTH);
        assertBadLength(MARKER + " 0013 04 00", "0013", CTX); // a trailing octet beyond the length
        assertBadLength(MARKER + " 0017 05 0001 00", "0017", CTX); // cut short
    }

    private static void assertBadLength(String hex, String data, CodecContext context) {
        WireError error = decodeError(hex, context);
        assertThat(error.code()).as(hex).isEqualTo(NotificationCode.BAD_MESSAGE_LENGTH);
        assertThat(error.data()).as(hex).isEqualTo(Bytes.fromHex(data));
    }
}
