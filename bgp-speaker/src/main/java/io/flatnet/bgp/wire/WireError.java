package io.flatnet.bgp.wire;

import io.flatnet.bgp.model.Bytes;
import java.util.Objects;

/**
 * One thing wrong with received bytes: the NOTIFICATION it would send (code, subcode and the
 * data field the RFC asks for), the RFC 7606 action it calls for, and a reason for humans.
 */
public record WireError(ErrorAction action, NotificationCode code, Bytes data, String reason) {

    public WireError {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(reason, "reason");
    }

    public static WireError reset(NotificationCode code, Bytes data, String reason) {
        return new WireError(ErrorAction.SESSION_RESET, code, data, reason);
    }

    public static WireError reset(NotificationCode code, String reason) {
        return reset(code, Bytes.EMPTY, reason);
    }

    @Override
    public String toString() {
        return action + " (" + code + "): " + reason;
    }
}
