package io.flatnet.e2e;

import static io.flatnet.e2e.FlatLab.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flatnet.lab.DaemonKind;
import io.flatnet.lab.junit.NetnsTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Route reflection at full size: {@code bin/flatnet-lab up --topology rr --nodes 8}, so nodes 1
 * and 2 reflect (one cluster id) and nodes 3 to 8 are their clients, with the mesh off. Every pod
 * reaches every pod; then reflector 1 is killed and every pod still reaches every pod, and every
 * client learns every other node's block from reflector 2 alone.
 */
@NetnsTest(requires = DaemonKind.BIRD2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouteReflectorIT extends SharedFlatLab {
    private static final int NODES = 8;
    private static final String REFLECTOR_1 = "100.64.10.11";
    private static final String REFLECTOR_2 = "100.64.10.12";

    @Override
    String[] labOptions() {
        return new String[] {"--nodes", String.valueOf(NODES), "--topology", "rr"};
    }

    @Test
    @Order(1)
    void twoReflectorsSixClientsEveryPodReachesEveryPod() throws Exception {
        assertThat(lab.report().get("nodeList")).hasSize(NODES);
        assertThat(lab.routes(lab.ns("node-3"), "bgp")).as("client node-3 learns client node-8's block, next hop kept")
                .contains("100.65.8.0/24 via 100.64.10.18 ");
        JsonNode peers = lab.flatnetctlJson(3, "peers").get("peers");
        List<String> addresses = new ArrayList<>();
        peers.forEach(p -> addresses.add(p.get("address").asText()));
        assertThat(addresses).as("a client peers with the reflectors and the ToR only")
                .containsExactlyInAnyOrder("100.64.10.1", REFLECTOR_1, REFLECTOR_2);
    }

    /**
     * SIGKILL: reflector 1's sessions end without a NOTIFICATION. Its clients keep what it sent
     * as stale for its graceful restart time (120 s), so the check that reflector 2 alone carries
     * the network reads each client's routes from reflector 2, not the kernel.
     */
    @Test
    @Order(2)
    void oneReflectorKilledEveryPodStillReachesEveryPod() throws Exception {
        assertThat(lab.lab(Duration.ofSeconds(10), "kill-agent", "1").code()).isZero();
        for (int client = 3; client <= NODES; client++) {
            int c = client;
            await(Duration.ofSeconds(15), "node-" + c + "'s session with reflector 1 down",
                    () -> !state(c, REFLECTOR_1).equals("Established"));
            assertThat(state(c, REFLECTOR_2)).isEqualTo("Established");
            Set<String> fromReflector2 = new TreeSet<>();
            lab.flatnetctlJson(c, "routes", "--peer", REFLECTOR_2).get("routes")
                    .forEach(r -> fromReflector2.add(r.get("prefix").asText()));
            for (int other = 2; other <= NODES; other++) {
                if (other != c) {
                    assertThat(fromReflector2).as("node-" + c + " from reflector 2").contains("100.65." + other + ".0/24");
                }
            }
        }
        JsonNode status = lab.status();
        FlatLab.assertFlat(status);
    }

    private String state(int node, String peer) throws Exception {
        for (JsonNode p : lab.flatnetctlJson(node, "peers").get("peers")) {
            if (p.get("address").asText().equals(peer)) {
                return p.get("state").asText();
            }
        }
        return "absent";
    }
}
