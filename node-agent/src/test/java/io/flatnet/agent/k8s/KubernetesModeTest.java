package io.flatnet.agent.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.k8s.ClusterSnapshot;
import io.flatnet.k8s.FlatnetObject;
import io.flatnet.k8s.NodeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Snapshots applied to a real speaker (not listening). */
class KubernetesModeTest {
    private final List<BgpSpeaker> started = new ArrayList<>();
    private final KubernetesMode mode = new KubernetesMode("node-1", "flatnet", c -> {
        BgpSpeaker s = BgpSpeaker.start(c.withoutListener());
        started.add(s);
        return s;
    }, v -> {});

    @AfterEach
    void tearDown() {
        mode.close(false);
    }

    private static ClusterSnapshot snapshot(int as, String node2Cidr, boolean withNode2) throws Exception {
        var spec = new ObjectMapper().readTree("{\"asNumber\": " + as + "}");
        List<NodeInfo> nodes = new ArrayList<>(List.of(
                new NodeInfo("node-1", Map.of(), Map.of(), List.of("10.244.1.0/24"), List.of("127.0.0.11"))));
        if (withNode2) {
            nodes.add(new NodeInfo("node-2", Map.of(), Map.of(), List.of(node2Cidr), List.of("127.0.0.12")));
        }
        return new ClusterSnapshot(nodes, List.of(), List.of(),
                List.of(new FlatnetObject("BGPConfiguration", "default", Map.of(), spec)), List.of(), List.of(), Map.of());
    }

    @Test
    void theFirstSnapshotStartsTheSpeakerAndLaterOnesReplaceThePeers() throws Exception {
        assertThat(mode.ready()).isFalse();
        mode.onSnapshot(snapshot(64512, "10.244.2.0/24", true));
        assertThat(mode.ready()).isTrue();
        assertThat(started).hasSize(1);
        BgpSpeaker speaker = started.getFirst();
        assertThat(speaker.peers()).extracting(p -> p.address().toString()).containsExactly("127.0.0.12");

        mode.onSnapshot(snapshot(64512, "10.244.2.0/24", false)); // node-2 leaves
        assertThat(speaker.peers()).isEmpty();
        assertThat(mode.status(0).peers()).isEmpty();
        assertThat(mode.status(0).routes().advertised()).isEqualTo(1);
        assertThat(mode.status(0).lastError()).isEmpty();

        mode.onSnapshot(snapshot(64512, "10.244.2.0/24", true)); // and comes back
        assertThat(speaker.peers()).hasSize(1);
        assertThat(mode.status(0).peers().getFirst().state()).isIn("Idle", "Connect", "Active");
        assertThat(started).hasSize(1);
    }

    @Test
    void aRefusedSnapshotKeepsWhatIsAppliedAndTheNextGoodOneClearsTheError() throws Exception {
        mode.onSnapshot(snapshot(64512, "10.244.2.0/24", true));
        assertThat(mode.lastResult()).hasValueSatisfying(r -> assertThat(r.outcome().name()).isEqualTo("APPLIED"));
        ClusterSnapshot good = snapshot(64512, "10.244.2.0/24", false);
        var peer = new ObjectMapper().readTree("""
                {"peerIP": "127.0.0.2", "asNumber": 65001,
                 "password": {"secretKeyRef": {"name": "bgp-passwords", "key": "tor"}}}""");
        ClusterSnapshot missingSecret = new ClusterSnapshot(good.nodes(), List.of(), List.of(), good.bgpConfigurations(),
                List.of(new FlatnetObject("BGPPeer", "tor", Map.of(), peer)), List.of(), Map.of());

        mode.onSnapshot(missingSecret);
        assertThat(started.getFirst().peers()).as("node-2's session stays; tor is not added")
                .extracting(p -> p.address().toString()).containsExactly("127.0.0.12");
        assertThat(mode.lastResult()).hasValueSatisfying(r -> {
            assertThat(r.outcome().name()).isEqualTo("REFUSED");
            assertThat(r.detail()).contains("Secret flatnet/bgp-passwords", "spec.password.secretKeyRef");
        });
        assertThat(mode.status(0).lastError()).isPresent();

        mode.onSnapshot(good);
        assertThat(started.getFirst().peers()).isEmpty();
        assertThat(mode.status(0).lastError()).isEmpty();
        assertThat(mode.lastResult()).hasValueSatisfying(r -> assertThat(r.outcome().name()).isEqualTo("APPLIED"));
    }

    @Test
    void anAsChangeIsRefusedAndReportedAndNothingIsWithdrawn() throws Exception {
        mode.onSnapshot(snapshot(64512, "10.244.2.0/24", true));
        mode.onSnapshot(snapshot(64999, "10.244.2.0/24", false));
        assertThat(started.getFirst().peers()).hasSize(1);
        assertThat(mode.status(0).lastError()).hasValueSatisfying(e -> assertThat(e).contains("restart the agent"));
        assertThat(KubernetesMode.stateName("OPEN_CONFIRM")).isEqualTo("OpenConfirm");
    }
}
