package io.flatnet.agent.api;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.session.PeerStatus;
import java.time.Duration;
import java.util.List;

/**
 * The readiness rule behind {@code /readyz}, modelled on Calico's {@code bird-ready} check:
 *
 * <ol>
 *   <li>not ready until the configuration is loaded;
 *   <li>ready when no peers are configured (a lone node has nothing to wait for);
 *   <li>ready when every configured peer is Established;
 *   <li>during the startup grace period (30 s by default, {@code --ready-grace}): not ready
 *       while any peer is not Established, so a rolling restart waits for this node to rejoin
 *       the whole mesh before taking down the next one;
 *   <li>after it: ready when at least one peer is Established, so that one dead peer (a node
 *       being drained, a switch in maintenance) does not take every node out of service.
 * </ol>
 *
 * Graceful-restart recovery (waiting for End-of-RIB from every restarting peer) joins rule 4 when
 * the Loc-RIB is wired.
 */
public record Readiness(boolean ready, String reason) {

    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    public static Readiness of(boolean configLoaded, List<PeerStatus> peers, Duration uptime, Duration grace) {
        if (!configLoaded) {
            return new Readiness(false, "configuration not loaded yet");
        }
        if (peers.isEmpty()) {
            return new Readiness(true, "no BGP peers configured");
        }
        long established = peers.stream().filter(p -> p.state() == SessionState.ESTABLISHED).count();
        String counted = established + " of " + peers.size() + " BGP sessions Established";
        if (established == peers.size()) {
            return new Readiness(true, counted);
        }
        if (uptime.compareTo(grace) < 0) {
            return new Readiness(false, counted + "; within the " + grace.toSeconds()
                    + " s startup grace period every session must be Established (up " + uptime.toSeconds() + " s)");
        }
        if (established > 0) {
            return new Readiness(true, counted);
        }
        return new Readiness(false, "no BGP session Established (0 of " + peers.size() + ")");
    }
}
