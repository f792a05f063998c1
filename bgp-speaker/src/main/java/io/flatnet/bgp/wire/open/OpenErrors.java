package io.flatnet.bgp.wire.open;

import io.flatnet.bgp.wire.BgpWireException;
import io.flatnet.bgp.wire.NotificationCode;

/** The one error most OPEN parsing ends in: 2/0, a parameter or capability that does not parse. */
final class OpenErrors {
    private OpenErrors() {}

    static BgpWireException malformed(String reason) {
        return BgpWireException.reset(NotificationCode.OPEN_MESSAGE_ERROR, reason);
    }
}
