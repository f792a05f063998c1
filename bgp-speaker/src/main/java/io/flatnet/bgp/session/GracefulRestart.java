package io.flatnet.bgp.session;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.wire.NotificationCode;
import io.flatnet.bgp.wire.capability.GracefulRestartCapability;
import io.flatnet.bgp.wire.message.Notification;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The session-side decisions of graceful restart: whether a session that went down keeps the
 * peer's routes as stale (RFC 4724 §4.2 helper), and, with RFC 8538, which NOTIFICATIONs are
 * graceful and which we send as Hard Reset.
 */
final class GracefulRestart {
    private GracefulRestart() {}

    static Optional<GracefulRestartCapability> peerCapability(NegotiatedSession n) {
        if (n == null) {
            return Optional.empty();
        }
        return n.peerCapabilities().stream().filter(GracefulRestartCapability.class::isInstance)
                .map(GracefulRestartCapability.class::cast).findFirst();
    }

    /** Both sides advertised graceful restart with the RFC 8538 N bit. */
    static boolean notificationGraceful(NegotiatedSession n, PeerConfig config) {
        return config.gracefulRestartTime().isPresent() && peerCapability(n).map(GracefulRestartCapability::notification).orElse(false);
    }

    /**
     * What the session's end means for the peer's routes: graceful (stale, for the peer's restart
     * time, in the families its capability lists) when both sides have the capability and the
     * session ended without a NOTIFICATION, or with one other than Hard Reset when both set the N bit.
     */
    static SpeakerRib.Down onDown(NegotiatedSession n, PeerConfig config, Notification notification) {
        Optional<GracefulRestartCapability> cap = peerCapability(n);
        if (config.gracefulRestartTime().isEmpty() || cap.isEmpty()) {
            return SpeakerRib.Down.HARD;
        }
        if (notification != null && (!notificationGraceful(n, config) || isHardReset(notification))) {
            return SpeakerRib.Down.HARD;
        }
        Set<AddressFamily> families = new HashSet<>();
        for (GracefulRestartCapability.Family f : cap.get().families()) {
            if (n.context().families().contains(f.family())) {
                families.add(f.family());
            }
        }
        return new SpeakerRib.Down(true, Duration.ofSeconds(cap.get().restartTimeSeconds()), families);
    }

    static boolean isHardReset(Notification n) {
        return n.code() == NotificationCode.CEASE_HARD_RESET.code() && n.subcode() == NotificationCode.CEASE_HARD_RESET.subcode();
    }

    /**
     * RFC 8538 §3 and §5: with the N bit on both sides, the Ceases that mean "forget my routes"
     * (maximum prefixes, administrative shutdown or reset, de-configured) go as Hard Reset, the
     * original code, subcode and data inside.
     */
    static Notification hardResetIfDue(Notification message, NegotiatedSession n, PeerConfig config) {
        if (!notificationGraceful(n, config) || message.code() != NotificationCode.CEASE.code()) {
            return message;
        }
        int sub = message.subcode();
        if (sub < 1 || sub > 4) {
            return message;
        }
        byte[] inner = message.data().toArray();
        byte[] data = new byte[2 + inner.length];
        data[0] = (byte) message.code();
        data[1] = (byte) sub;
        System.arraycopy(inner, 0, data, 2, inner.length);
        return new Notification(NotificationCode.CEASE_HARD_RESET.code(), NotificationCode.CEASE_HARD_RESET.subcode(), Bytes.of(data));
    }
}
