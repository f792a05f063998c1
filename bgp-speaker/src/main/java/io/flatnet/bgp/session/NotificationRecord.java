package io.flatnet.bgp.session;

import io.flatnet.bgp.wire.message.Notification;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A NOTIFICATION sent or received, for the status API.
 *
 * @param description     e.g. "6/2 administrative shutdown"
 * @param shutdownMessage the RFC 9003 shutdown communication, if any
 */
public record NotificationRecord(int code, int subcode, String description, Optional<String> shutdownMessage, Instant at) {
    public NotificationRecord {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(shutdownMessage, "shutdownMessage");
        Objects.requireNonNull(at, "at");
    }

    static NotificationRecord of(Notification n, Instant at) {
        return new NotificationRecord(n.code(), n.subcode(), n.describe(), n.shutdownMessage(), at);
    }
}
