package io.flatnet.bgp.session;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the speaker as a whole.
 *
 * @param localAsn        our AS number, sent in every OPEN unless a peer overrides it
 * @param routerId        our BGP Identifier
 * @param listen          accept inbound connections; false runs the speaker connect-only
 * @param listenAddresses addresses to bind; empty binds the wildcard address (all of them)
 * @param port            TCP port to listen on: 179, or 0 for an ephemeral port (tests)
 * @param holdTime        the hold time offered to peers that do not set their own
 * @param minSendHoldTime RFC 9687 lower bound of the send hold timer (8 minutes suggested)
 * @param ioThreads       event loop threads; 0 lets netty choose (twice the cores)
 */
public record SpeakerConfig(
        Asn localAsn,
        RouterId routerId,
        boolean listen,
        List<IpAddress> listenAddresses,
        int port,
        Duration holdTime,
        Duration minSendHoldTime,
        int ioThreads) {

    public static final int BGP_PORT = 179;
    public static final Duration DEFAULT_HOLD_TIME = Duration.ofSeconds(90);
    public static final Duration DEFAULT_MIN_SEND_HOLD_TIME = Duration.ofMinutes(8);

    public SpeakerConfig {
        Objects.requireNonNull(localAsn, "localAsn");
        Objects.requireNonNull(routerId, "routerId");
        listenAddresses = List.copyOf(listenAddresses);
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(holdTime, "holdTime");
        Objects.requireNonNull(minSendHoldTime, "minSendHoldTime");
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must not be negative");
        }
    }

    /** Listens on all addresses, port 179, hold time 90 s. */
    public static SpeakerConfig of(Asn localAsn, RouterId routerId) {
        return new SpeakerConfig(localAsn, routerId, true, List.of(), BGP_PORT, DEFAULT_HOLD_TIME,
                DEFAULT_MIN_SEND_HOLD_TIME, 0);
    }

    public SpeakerConfig withListen(List<IpAddress> addresses, int port) {
        return new SpeakerConfig(localAsn, routerId, true, addresses, port, holdTime, minSendHoldTime, ioThreads);
    }

    public SpeakerConfig withoutListener() {
        return new SpeakerConfig(localAsn, routerId, false, List.of(), port, holdTime, minSendHoldTime, ioThreads);
    }

    public SpeakerConfig withHoldTime(Duration holdTime) {
        return new SpeakerConfig(localAsn, routerId, listen, listenAddresses, port, holdTime, minSendHoldTime, ioThreads);
    }

    public SpeakerConfig withMinSendHoldTime(Duration minSendHoldTime) {
        return new SpeakerConfig(localAsn, routerId, listen, listenAddresses, port, holdTime, minSendHoldTime, ioThreads);
    }

    public SpeakerConfig withIoThreads(int ioThreads) {
        return new SpeakerConfig(localAsn, routerId, listen, listenAddresses, port, holdTime, minSendHoldTime, ioThreads);
    }
}
