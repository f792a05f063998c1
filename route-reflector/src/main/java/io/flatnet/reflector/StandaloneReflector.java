package io.flatnet.reflector;

import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.SpeakerConfig;
import java.util.Objects;

/**
 * The configuration of the standalone reflector mode for large clusters: a process that only
 * reflects. It takes iBGP sessions from its {@link DynamicNeighbors} ranges, treats them as
 * clients, and installs nothing into the kernel (the agent must not start route programming in
 * this mode; {@link #installsRoutes()} says so).
 *
 * @param clusterId  the cluster id (RFC 4456 §7)
 * @param neighbors  the ranges sessions are accepted from
 */
public record StandaloneReflector(RouterId clusterId, DynamicNeighbors neighbors) {

    public StandaloneReflector {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(neighbors, "neighbors");
    }

    /** The protocol rules to give the speaker. */
    public RouteReflector rules() {
        return new RouteReflector(clusterId);
    }

    /** {@code base} (AS, router id, listener) with this reflector's rules. */
    public SpeakerConfig speakerConfig(SpeakerConfig base) {
        return base.withRules(rules());
    }

    /**
     * Starts a speaker from {@code base} that reflects and accepts the ranges' clients. Only the
     * speaker: nothing here touches a kernel.
     */
    public BgpSpeaker start(SpeakerConfig base) {
        BgpSpeaker speaker = BgpSpeaker.start(speakerConfig(base));
        try {
            speaker.setListenRanges(neighbors.listenRanges());
        } catch (RuntimeException e) {
            speaker.close();
            throw e;
        }
        return speaker;
    }

    /** A standalone reflector is reflector-only: it never programs the kernel. */
    public boolean installsRoutes() {
        return false;
    }
}
