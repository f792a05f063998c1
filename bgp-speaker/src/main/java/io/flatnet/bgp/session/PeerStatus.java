package io.flatnet.bgp.session;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one peer, taken on its event loop.
 *
 * @param state                    the primary connection's state
 * @param since                    when the peer entered {@code state}
 * @param uptime                   how long the session has been ESTABLISHED, zero otherwise
 * @param holdTime                 negotiated hold time (zero before OPEN_CONFIRM or when disabled)
 * @param keepaliveTime            negotiated keepalive interval
 * @param negotiated               present from OPEN_CONFIRM on
 * @param prefixesReceived         NLRI announced by the peer since the session came up
 * @param prefixesAccepted         routes the peer has in our Adj-RIB-In, all families
 * @param prefixesAdvertised       routes we currently advertise to the peer
 * @param flaps                    how often the session left ESTABLISHED
 * @param lastError                the last reason the session went down, empty if never
 * @param lastStateChangeReason    why the last state change happened
 * @param notificationsSent        NOTIFICATIONs sent since the peer was configured, per code and subcode
 * @param notificationsReceived    NOTIFICATIONs received, likewise
 * @param listenRange              for a dynamic neighbour, the {@link ListenRange} that accepted it;
 *                                 empty for a configured peer
 */
public record PeerStatus(
        IpAddress address,
        Asn remoteAsn,
        SessionState state,
        Instant since,
        Duration uptime,
        Duration holdTime,
        Duration keepaliveTime,
        Optional<NegotiatedSession> negotiated,
        MessageCounters received,
        MessageCounters sent,
        long prefixesReceived,
        long prefixesAccepted,
        long prefixesAdvertised,
        long flaps,
        String lastError,
        Optional<NotificationRecord> lastNotificationSent,
        Optional<NotificationRecord> lastNotificationReceived,
        String lastStateChangeReason,
        List<NotificationCount> notificationsSent,
        List<NotificationCount> notificationsReceived,
        Optional<String> listenRange) {

    /** A configured peer's status. */
    public PeerStatus(IpAddress address, Asn remoteAsn, SessionState state, Instant since, Duration uptime,
            Duration holdTime, Duration keepaliveTime, Optional<NegotiatedSession> negotiated, MessageCounters received,
            MessageCounters sent, long prefixesReceived, long prefixesAccepted, long prefixesAdvertised, long flaps,
            String lastError, Optional<NotificationRecord> lastNotificationSent,
            Optional<NotificationRecord> lastNotificationReceived, String lastStateChangeReason,
            List<NotificationCount> notificationsSent, List<NotificationCount> notificationsReceived) {
        this(address, remoteAsn, state, since, uptime, holdTime, keepaliveTime, negotiated, received, sent,
                prefixesReceived, prefixesAccepted, prefixesAdvertised, flaps, lastError, lastNotificationSent,
                lastNotificationReceived, lastStateChangeReason, notificationsSent, notificationsReceived,
                Optional.empty());
    }

    /** A configured peer's status without per-code NOTIFICATION counts. */
    public PeerStatus(IpAddress address, Asn remoteAsn, SessionState state, Instant since, Duration uptime,
            Duration holdTime, Duration keepaliveTime, Optional<NegotiatedSession> negotiated, MessageCounters received,
            MessageCounters sent, long prefixesReceived, long prefixesAccepted, long prefixesAdvertised, long flaps,
            String lastError, Optional<NotificationRecord> lastNotificationSent,
            Optional<NotificationRecord> lastNotificationReceived, String lastStateChangeReason) {
        this(address, remoteAsn, state, since, uptime, holdTime, keepaliveTime, negotiated, received, sent,
                prefixesReceived, prefixesAccepted, prefixesAdvertised, flaps, lastError, lastNotificationSent,
                lastNotificationReceived, lastStateChangeReason, List.of(), List.of(), Optional.empty());
    }

    public PeerStatus {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(negotiated, "negotiated");
        Objects.requireNonNull(lastNotificationSent, "lastNotificationSent");
        Objects.requireNonNull(lastNotificationReceived, "lastNotificationReceived");
        notificationsSent = List.copyOf(notificationsSent);
        notificationsReceived = List.copyOf(notificationsReceived);
        Objects.requireNonNull(listenRange, "listenRange");
    }

    /** Accepted from a listen range rather than configured. */
    public boolean dynamic() {
        return listenRange.isPresent();
    }
}
