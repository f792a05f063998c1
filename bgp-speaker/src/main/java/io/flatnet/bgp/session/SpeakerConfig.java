package io.flatnet.bgp.session;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PrefixAdvertisements;
import io.flatnet.bgp.policy.ProtocolRules;
import io.flatnet.bgp.rib.BestPathOptions;
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
 * @param ioThreads       event loop threads; 0 for one per core
 * @param bestPath        decision process knobs, ECMP width ({@link BestPathOptions#maxPaths()}) included
 * @param restarting      RFC 4724 §4.1: the speaker has just restarted and kept its forwarding state
 *                        (the agent adopted the kernel routes): set the R and F bits, and defer
 *                        advertising until End-of-RIB from the graceful-restart peers or
 *                        {@code selectionDeferral}
 * @param selectionDeferral the longest the restarting speaker defers
 * @param rules           the protocol's advertisement rules: {@link ProtocolRules#standard()} (iBGP
 *                        split horizon) or the route-reflector module's
 * @param prefixAdvertisements communities added to our own advertisements by prefix (Calico's
 *                        {@code prefixAdvertisements})
 */
public record SpeakerConfig(
        Asn localAsn,
        RouterId routerId,
        boolean listen,
        List<IpAddress> listenAddresses,
        int port,
        Duration holdTime,
        Duration minSendHoldTime,
        int ioThreads,
        BestPathOptions bestPath,
        boolean restarting,
        Duration selectionDeferral,
        ProtocolRules rules,
        PrefixAdvertisements prefixAdvertisements) {

    public static final int BGP_PORT = 179;
    public static final Duration DEFAULT_HOLD_TIME = Duration.ofSeconds(90);
    public static final Duration DEFAULT_MIN_SEND_HOLD_TIME = Duration.ofMinutes(8);
    /** FRR's default selection deferral time. */
    public static final Duration DEFAULT_SELECTION_DEFERRAL = Duration.ofSeconds(120);

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
        Objects.requireNonNull(bestPath, "bestPath");
        Objects.requireNonNull(selectionDeferral, "selectionDeferral");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(prefixAdvertisements, "prefixAdvertisements");
    }

    /** Listens on all addresses, port 179, hold time 90 s, standard rules, not restarting. */
    public static SpeakerConfig of(Asn localAsn, RouterId routerId) {
        return new SpeakerConfig(localAsn, routerId, true, List.of(), BGP_PORT, DEFAULT_HOLD_TIME,
                DEFAULT_MIN_SEND_HOLD_TIME, 0, BestPathOptions.DEFAULT, false, DEFAULT_SELECTION_DEFERRAL,
                ProtocolRules.standard(), PrefixAdvertisements.NONE);
    }

    public SpeakerConfig withListen(List<IpAddress> addresses, int port) {
        return new SpeakerConfig(localAsn, routerId, true, addresses, port, holdTime, minSendHoldTime, ioThreads,
                bestPath, restarting, selectionDeferral, rules, prefixAdvertisements);
    }

    public SpeakerConfig withoutListener() {
        return new SpeakerConfig(localAsn, routerId, false, List.of(), port, holdTime, minSendHoldTime, ioThreads,
                bestPath, restarting, selectionDeferral, rules, prefixAdvertisements);
    }

    public SpeakerConfig withHoldTime(Duration holdTime) {
        return new SpeakerConfig(localAsn, routerId, listen, listenAddresses, port, holdTime, minSendHoldTime, ioThreads,
                bestPath, restarting, selectionDeferral, rules, prefixAdvertisements);
    }

    public SpeakerConfig withMinSendHoldTime(Duration minSendHoldTime) {
        return new SpeakerConfig(localAsn, routerId, listen, listenAddresses, port, holdTime, minSendHoldTime, ioThreads,
                bestPath, restarting, selectionDeferral, rules, prefixAdvertisements);
    }

    public SpeakerConfig withIoThreads(int ioThreads) {
        return new SpeakerConfig(localAsn, routerId, listen, listenAddresses, port, holdTime, minSendHoldTime, ioThreads,
                bestPath, restarting, selectionDeferral, rules, prefixAdvertisements);
    }

    public SpeakerConfig withBestPath(BestPathOptions bestPath) {
        return new SpeakerConfig(localAsn, routerId, listen, listenAddresses, port, holdTime, minSendHoldTime, ioThreads,
                bestPath, restarting, selectionDeferral, rules, prefixAdvertisements);
    }

    /** Restarting with forwarding state kept (RFC 4724 §4.1), deferring for at most {@code deferral}. */
    public SpeakerConfig withRestarting(boolean value, Duration deferral) {
        return new SpeakerConfig(localAsn, routerId, listen, listenAddresses, port, holdTime, minSendHoldTime, ioThreads,
                bestPath, value, deferral, rules, prefixAdvertisements);
    }

    /** The route-reflector module's rules instead of plain iBGP split horizon. */
    public SpeakerConfig withRules(ProtocolRules value) {
        return new SpeakerConfig(localAsn, routerId, listen, listenAddresses, port, holdTime, minSendHoldTime, ioThreads,
                bestPath, restarting, selectionDeferral, value, prefixAdvertisements);
    }

    public SpeakerConfig withPrefixAdvertisements(PrefixAdvertisements value) {
        return new SpeakerConfig(localAsn, routerId, listen, listenAddresses, port, holdTime, minSendHoldTime, ioThreads,
                bestPath, restarting, selectionDeferral, rules, value);
    }
}
