package io.flatnet.bgp.session;

import io.flatnet.bgp.wire.message.MessageType;
import io.flatnet.bgp.wire.message.Notification;
import java.time.Instant;
import java.util.Optional;

/**
 * The counters and last-event facts of one peer behind {@link PeerStatus}, kept across its
 * connections. Mutable, and touched only on the peer's event loop.
 */
final class PeerStats {
    final long[] received = new long[MessageType.values().length];
    final long[] sent = new long[MessageType.values().length];
    long prefixesReceived;
    long flaps;
    String lastError = "";
    /** A specific error was recorded since the session came up; the session-down reason then keeps it. */
    private boolean errorRecorded;
    String lastReason = "configured";
    NotificationRecord lastSent;
    NotificationRecord lastReceived;
    Instant since;
    long establishedAtNanos;

    PeerStats(Instant now) {
        this.since = now;
    }

    void error(String text) {
        lastError = text;
        errorRecorded = true;
    }

    /** Records {@code text} unless a more specific error was already recorded. */
    void errorIfNoneYet(String text) {
        if (!errorRecorded) {
            error(text);
        }
    }

    void up(long nowNanos) {
        establishedAtNanos = nowNanos;
        prefixesReceived = 0;
        errorRecorded = false;
    }

    void down(String reason) {
        flaps++;
        errorIfNoneYet(reason);
    }

    void notificationSent(Notification n, Instant at) {
        lastSent = NotificationRecord.of(n, at);
    }

    void notificationReceived(Notification n, Instant at) {
        lastReceived = NotificationRecord.of(n, at);
        error("NOTIFICATION received: " + n.describe());
    }

    Optional<NotificationRecord> lastSent() {
        return Optional.ofNullable(lastSent);
    }

    Optional<NotificationRecord> lastReceived() {
        return Optional.ofNullable(lastReceived);
    }
}
