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
    /** NOTIFICATION counts keyed by code << 8 | subcode; NOTIFICATIONs are rare, so a map is cheap enough. */
    private final java.util.TreeMap<Integer, Long> sentByCode = new java.util.TreeMap<>();
    private final java.util.TreeMap<Integer, Long> receivedByCode = new java.util.TreeMap<>();
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
        sentByCode.merge(n.code() << 8 | n.subcode(), 1L, Long::sum);
    }

    void notificationReceived(Notification n, Instant at) {
        lastReceived = NotificationRecord.of(n, at);
        receivedByCode.merge(n.code() << 8 | n.subcode(), 1L, Long::sum);
        error("NOTIFICATION received: " + n.describe());
    }

    java.util.List<NotificationCount> sentCounts() {
        return counts(sentByCode);
    }

    java.util.List<NotificationCount> receivedCounts() {
        return counts(receivedByCode);
    }

    private static java.util.List<NotificationCount> counts(java.util.Map<Integer, Long> byCode) {
        return byCode.entrySet().stream()
                .map(e -> new NotificationCount(e.getKey() >>> 8, e.getKey() & 0xFF, e.getValue())).toList();
    }

    Optional<NotificationRecord> lastSent() {
        return Optional.ofNullable(lastSent);
    }

    Optional<NotificationRecord> lastReceived() {
        return Optional.ofNullable(lastReceived);
    }
}
