package io.flatnet.bgp.session;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.RouteReflection;
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
 * @param ioThreads       event loop threads; 0 lets netty choose (twice the cores)
 * @param bestPath        decision process knobs, ECMP width ({@link BestPathOptions#maxPaths()}) included
 * @param ebgpRequiresPolicy RFC 8212: an eBGP peer without configured import (export) policy
 *                        accepts (gets) nothing; false falls back to Calico's defaults for eBGP too
 * @param restarting      RFC 4724 §4.1: the speaker has just restarted and kept its forwarding state
 *                        (the agent adopted the kernel routes): set the R and F bits, and defer
 *                        advertising until End-of-RIB from the graceful-restart peers or
 *                        {@code selectionDeferral}
 * @param selectionDeferral the longest the restarting speaker defers
 * @param reflection      iBGP split horizon and route reflection (RFC 4456) hook
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
        boolean ebgpRequiresPolicy,
        boolean restarting,
        Duration selectionDeferral,
        RouteReflection reflection) {

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
        Objects.requireNonNull(reflection, "reflection");
    }

    /** Listens on all addresses, port 179, hold time 90 s, RFC 8212 on, not restarting. */
    public static SpeakerConfig of(Asn localAsn, RouterId routerId) {
        return new SpeakerConfig(localAsn, routerId, true, List.of(), BGP_PORT, DEFAULT_HOLD_TIME,
                DEFAULT_MIN_SEND_HOLD_TIME, 0, BestPathOptions.DEFAULT, true, false, DEFAULT_SELECTION_DEFERRAL,
                RouteReflection.NONE);
    }

    public SpeakerConfig withListen(List<IpAddress> addresses, int port) {
        return new SpeakerConfig(localAsn, routerId, true, addresses, port, holdTime, minSendHoldTime, ioThreads,
                bestPath, ebgpRequiresPolicy, restarting, selectionDeferral, reflection);
    }

    public SpeakerConfig withoutListener() {
        return new SpeakerConfig(localAsn, routerId, false, List.of(), port, holdTime, minSendHoldTime, ioThreads,
                bestPath, ebgpRequiresPolicy, restarting, selectionDeferral, reflection);
    }

    public SpeakerConfig withHoldTime(Duration holdTime) {
        return new SpeakerConfig(localAsn, routerId, listen, listenAddresses, port, holdTime, minSendHoldTime, ioThreads,
                bestPath, ebgpRequiresPolicy, restarting, selectionDeferral, reflection);
    }

    public SpeakerConfig withMinSendHoldTime(Duration minSendHoldTime) {
        return new SpeakerConfig(localAsn, routerId, listen, listenAddresses, port, holdTime, minSendHoldTime, ioThreads,
                bestPath, ebgpRequiresPolicy, restarting, selectionDeferral, reflection);
    }

    public SpeakerConfig withIoThreads(int ioThreads) {
        return new SpeakerConfig(localAsn, routerId, listen, listenAddresses, port, holdTime, minSendHoldTime, ioThreads,
                bestPath, ebgpRequiresPolicy, restarting, selectionDeferral, reflection);
    }

    public SpeakerConfig withBestPath(BestPathOptions bestPath) {
        return new SpeakerConfig(localAsn, routerId, listen, listenAddresses, port, holdTime, minSendHoldTime, ioThreads,
                bestPath, ebgpRequiresPolicy, restarting, selectionDeferral, reflection);
    }

    public SpeakerConfig withEbgpRequiresPolicy(boolean value) {
        return new SpeakerConfig(localAsn, routerId, listen, listenAddresses, port, holdTime, minSendHoldTime, ioThreads,
                bestPath, value, restarting, selectionDeferral, reflection);
    }

    /** Restarting with forwarding state kept (RFC 4724 §4.1), deferring for at most {@code deferral}. */
    public SpeakerConfig withRestarting(boolean value, Duration deferral) {
        return new SpeakerConfig(localAsn, routerId, listen, listenAddresses, port, holdTime, minSendHoldTime, ioThreads,
                bestPath, ebgpRequiresPolicy, value, deferral, reflection);
    }

    public SpeakerConfig withReflection(RouteReflection value) {
        return new SpeakerConfig(localAsn, routerId, listen, listenAddresses, port, holdTime, minSendHoldTime, ioThreads,
                bestPath, ebgpRequiresPolicy, restarting, selectionDeferral, value);
    }
}
