package io.flatnet.e2e;

import static io.flatnet.e2e.FlatLab.await;
import static io.flatnet.e2e.FlatLab.hasRoute;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flatnet.lab.DaemonKind;
import io.flatnet.lab.junit.NetnsTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/flatnet-lab up --topology racks --nodes 4 --ipv6}: two racks of two nodes, each node
 * in its own AS peering eBGP with its rack's ToR only (BIRD in rack a, FRR's bgpd with zebra in
 * rack b), the ToRs peering eBGP with each other. Pods in rack a reach pods in rack b in both
 * families, through the ToRs.
 *
 * <p>A node's link to its segment goes down: nothing watches links (no BFD, and the agent does not
 * follow the interface), so the loss is found by the hold timer of each session over that link,
 * here 3 s ({@code --hold-time 3}, keepalives every second), which expires 2 to 3 s after the link
 * went. The lab makes FRR a graceful-restart helper of its nodes ({@code neighbor ...
 * graceful-restart-helper}), and FRR treats that expiry as a restart of the node (RFC 8538), so it
 * keeps the silent node's routes as stale for the restart time the agents announce, here 3 s
 * ({@code --restart-time 3}, to keep the test short; 120 s by default). The test checks exactly
 * that: one second after the hold timer must have expired the node's blocks are still in every
 * other kernel (both ToRs, a node of each rack: all learn them through FRR), and they leave every
 * one of them no sooner than the earliest hold expiry + restart - 1 s (4 s; deleting them at the
 * expiry would take at most 3 s) and no later than hold + restart + 3 s. The node's own routes
 * learned over the link leave its kernel within hold + 6 s; both come back when the link does.
 */
@NetnsTest(requires = {DaemonKind.BIRD2, DaemonKind.FRR})
class RackTopologyIT extends SharedFlatLab {
    private static final int HOLD_SECONDS = 3;
    private static final int RESTART_SECONDS = 3;

    @Override
    String[] labOptions() {
        return new String[] {"--nodes", "4", "--topology", "racks", "--ipv6", "--hold-time", String.valueOf(HOLD_SECONDS),
                "--restart-time", String.valueOf(RESTART_SECONDS)};
    }

    @Test
    void podsInRackAReachPodsInRackBThroughTheTors() throws Exception {
        JsonNode report = lab.report();
        assertThat(lab.node(1).get("rack").asText()).isEqualTo("a");
        assertThat(lab.node(3).get("rack").asText()).isEqualTo("b");
        List<String> crossRack = new ArrayList<>();
        report.get("pings").forEach(p -> {
            String from = p.get("from").asText();
            String to = p.get("to").asText();
            if ((from.startsWith("n1-") || from.startsWith("n2-")) && (to.startsWith("n3-") || to.startsWith("n4-"))) {
                assertThat(p.get("ok").asBoolean()).as(p.toString()).isTrue();
                crossRack.add(p.get("family").asText());
            }
        });
        assertThat(crossRack).hasSize(4 * 4 * 2).contains("ipv4", "ipv6");
        // Rack a's nodes reach rack b's blocks through their ToR (BIRD), which reaches them through FRR.
        assertThat(lab.routes(lab.ns("node-1"), "bgp")).contains("100.65.3.0/24 via 100.64.10.1 ",
                "fd00:64:65:4::/64 via fd00:64:10::1 ");
        assertThat(lab.routes(lab.ns("tor"), "bird")).contains("100.65.3.0/24 via 100.64.30.2 ");
        // FRR installed its routes through zebra: rack b's blocks via the nodes, rack a's via BIRD.
        String frr = lab.routes(lab.ns("tor-b"), "bgp");
        assertThat(frr).contains("via 100.64.20.13 ", "via 100.64.30.1 ");
        assertThat(hasRoute(frr, "fd00:64:65:1::/64")).isTrue();
    }

    @Test
    void aNodesLinkDownTakesTheRoutesThroughItAwayAndTheyComeBackWithIt() throws Exception {
        JsonNode node = lab.node(4);
        List<String> blocks = List.of(node.get("podCIDR").asText(), node.get("podCIDR6").asText());
        String segment = node.get("segment").asText();
        String[][] others = {{"node-1", "bgp"}, {"node-3", "bgp"}, {"tor", "bird"}, {"tor-b", "bgp"}};
        try {
            lab.ip("-n", segment, "link", "set", "node-4", "down");
            long down = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(HOLD_SECONDS + 1));
            assertThat(everywhere(others, blocks)).as("hold timers expired a second ago: " + blocks
                    + " kept as stale by FRR, so still in every other kernel").isTrue();
            await(Duration.ofSeconds(RESTART_SECONDS + 2), blocks + " gone from the other nodes and both ToRs",
                    () -> nowhere(others, blocks));
            Duration gone = Duration.ofNanos(System.nanoTime() - down);
            System.out.printf("link down: %s left every other kernel after %d ms (hold %d s, restart %d s)%n",
                    blocks, gone.toMillis(), HOLD_SECONDS, RESTART_SECONDS);
            assertThat(gone).as("kept for the restart time after the earliest hold timer expiry, less 1 s")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(HOLD_SECONDS - HOLD_SECONDS / 3 + RESTART_SECONDS - 1));
            await(Duration.ofSeconds(HOLD_SECONDS + 6), "node-4's routes learned over the link gone",
                    () -> !hasRoute(lab.routes(lab.ns("node-4"), "bgp"), "100.65.1.0/24"));

            lab.ip("-n", segment, "link", "set", "node-4", "up");
            Duration back = await(Duration.ofSeconds(60), blocks + " back everywhere", () -> everywhere(others, blocks)
                    && hasRoute(lab.routes(lab.ns("node-4"), "bgp"), "100.65.1.0/24"));
            System.out.printf("link up: routes back after %d ms%n", back.toMillis());
            await(Duration.ofSeconds(10), "n1-pod1 reaches n4-pod1 again", () -> pings("node-1-pod-1", "100.65.4.11")
                    && pings("node-1-pod-1", "fd00:64:65:4::11"));
        } finally {
            lab.ip("-n", segment, "link", "set", "node-4", "up");
        }
    }

    private boolean nowhere(String[][] where, List<String> blocks) throws Exception {
        for (String[] w : where) {
            String routes = lab.routes(lab.ns(w[0]), w[1]);
            if (blocks.stream().anyMatch(b -> hasRoute(routes, b))) {
                return false;
            }
        }
        return true;
    }

    private boolean everywhere(String[][] where, List<String> blocks) throws Exception {
        for (String[] w : where) {
            String routes = lab.routes(lab.ns(w[0]), w[1]);
            if (!blocks.stream().allMatch(b -> hasRoute(routes, b))) {
                return false;
            }
        }
        return true;
    }

    private boolean pings(String fromPod, String address) throws Exception {
        return FlatLab.run(Duration.ofSeconds(5), "ip", "netns", "exec", lab.ns(fromPod), "ping", "-n", "-c1", "-W1",
                address).code() == 0;
    }
}
