package io.flatnet.agent.k8s;

import io.flatnet.agent.config.ConfigException;
import io.flatnet.agent.config.reload.ConfigReloader;
import io.flatnet.agent.config.view.NodeView;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.SpeakerConfig;
import io.flatnet.k8s.ClusterSnapshot;
import io.flatnet.k8s.SnapshotListener;
import io.flatnet.k8s.status.NodeStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each cluster snapshot to the speaker, the Kubernetes counterpart of the file mode's
 * reload: the speaker starts with the first good snapshot (its AS, router id and listen settings
 * come from it); every later one replaces the peers and advertisements as whole sets, which the
 * speaker diffs, so unchanged peers keep their sessions. A snapshot that the checks refuse, or one
 * that changes what only a restart can change, is logged and reported as the last error, and what
 * is applied stays applied: nothing is withdrawn because the configuration went bad.
 * Called on the reconciler thread only.
 */
public final class KubernetesMode implements SnapshotListener {
    private static final Logger log = LoggerFactory.getLogger(KubernetesMode.class);

    private final String nodeName;
    private final String namespace;
    private final Function<SpeakerConfig, BgpSpeaker> starter;
    private final Consumer<NodeView> onView;
    private volatile BgpSpeaker speaker;
    private SpeakerConfig startedWith;
    private volatile DesiredState applied;
    private volatile String lastError;
    private volatile ConfigReloader.Result lastResult;

    public KubernetesMode(String nodeName, String namespace, Function<SpeakerConfig, BgpSpeaker> starter,
            Consumer<NodeView> onView) {
        this.nodeName = nodeName;
        this.namespace = namespace;
        this.starter = starter;
        this.onView = onView;
    }

    @Override
    public void onSnapshot(ClusterSnapshot snapshot) {
        DesiredState next;
        try {
            next = DesiredState.compute(snapshot, nodeName, namespace);
        } catch (ConfigException e) {
            refused("configuration refused: " + e.getMessage());
            log.error("configuration from the cluster refused; keeping what is applied:\n{}", e.getMessage());
            return;
        }
        if (speaker == null) {
            startedWith = next.view().speakerConfig();
            speaker = starter.apply(startedWith);
            log.info("flatnet started from the cluster as node {}: AS {}, router id {}", nodeName,
                    next.view().asNumber(), next.view().routerId());
        } else if (!startedWith.equals(next.view().speakerConfig())) {
            refused("the AS, router id or listen settings changed (" + startedWith + " -> "
                    + next.view().speakerConfig() + "); restart the agent to change them");
            log.error("{}; keeping what is applied", lastError);
            return;
        }
        onView.accept(next.view());
        next.view().warnings().forEach(w -> log.warn("{}", w));
        // Advertisements first, so that new sessions open with the full set.
        speaker.setAdvertisements(next.advertisements());
        speaker.setPeers(next.peers());
        applied = next;
        lastError = null;
        lastResult = new ConfigReloader.Result(Instant.now(), ConfigReloader.Outcome.APPLIED, "");
        log.info("applied: {} peer(s), {} prefix(es) advertised", next.peers().size(), next.advertisements().size());
    }

    private void refused(String why) {
        lastError = why;
        lastResult = new ConfigReloader.Result(Instant.now(), ConfigReloader.Outcome.REFUSED, why);
    }

    /** The latest snapshot's outcome, as the file mode reports its reloads; empty before the first. */
    public Optional<ConfigReloader.Result> lastResult() {
        return Optional.ofNullable(lastResult);
    }

    /** True once a snapshot has been applied. */
    public boolean ready() {
        return applied != null;
    }

    public Optional<DesiredState> applied() {
        return Optional.ofNullable(applied);
    }

    public Optional<BgpSpeaker> speaker() {
        return Optional.ofNullable(speaker);
    }

    /**
     * The node's status for its BGPNodeStatus.
     *
     * @param installed the agent's routes in the kernel (0 without kernel programming)
     */
    public NodeStatus status(long installed) {
        BgpSpeaker s = speaker;
        List<NodeStatus.Peer> peers = new ArrayList<>();
        long received = 0;
        if (s != null) {
            for (PeerStatus p : s.peers()) {
                peers.add(new NodeStatus.Peer(p.address().toString(), stateName(p.state().name()), p.since()));
                received += p.prefixesAccepted();
            }
        }
        DesiredState d = applied;
        long advertised = d == null ? 0 : d.advertisements().size();
        return new NodeStatus(peers, new NodeStatus.RouteCounts(advertised, received, installed), Optional.ofNullable(lastError));
    }

    /** {@code OPEN_SENT} to {@code OpenSent}, as the BGPNodeStatus schema spells states. */
    static String stateName(String enumName) {
        StringBuilder sb = new StringBuilder();
        for (String part : enumName.split("_")) {
            sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return sb.toString();
    }

    public void close(boolean gracefully) {
        BgpSpeaker s = speaker;
        if (s != null) {
            s.shutdown(gracefully, "flatnet agent stopping");
            s.close();
        }
    }
}
