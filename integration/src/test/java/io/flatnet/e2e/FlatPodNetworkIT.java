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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's main job, end to end: {@code bin/flatnet-lab up} (agents from one configuration
 * file in a full mesh, two pods per node, a BIRD top-of-rack router with an external host) gives a
 * flat pod network: every pod reaches every other pod and the external host reaches every pod,
 * with no tunnel device anywhere. The 3-node lab is dual stack ({@code --ipv6}) and shared by the
 * tests below, in order: an agent killed with SIGKILL under a continuous ping comes back through
 * graceful restart without a lost ping or a withdrawn route, then a decommissioned node's blocks
 * leave every other kernel. {@code down} leaves no namespace, process or state behind (checked
 * after the class, and after the 5-node lab).
 */
@NetnsTest(requires = DaemonKind.BIRD2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlatPodNetworkIT extends SharedFlatLab {
    private static final Duration DECOMMISSION_DEADLINE = Duration.ofSeconds(3);
    /** A route of the agent's kernel protocol the restarted agent finds and must sweep as stale. */
    private static final String STALE = "100.65.250.0/24";

    @Override
    String[] labOptions() {
        return new String[] {"--nodes", "3", "--topology", "mesh", "--ipv6"};
    }

    @Test
    @Order(1)
    void threeNodesDualStackEveryPodReachesEveryPodInBothFamilies() {
        JsonNode report = lab.report();
        assertThat(report.get("ipv6").asBoolean()).isTrue();
        for (String family : List.of("ipv4", "ipv6")) {
            List<JsonNode> pings = new ArrayList<>();
            report.get("pings").forEach(p -> {
                if (p.get("family").asText().equals(family)) {
                    pings.add(p);
                }
            });
            assertThat(pings).as(family).hasSize(6 * 5 + 6).allMatch(p -> p.get("ok").asBoolean());
        }
        assertThat(report.get("pods").get(0).get("address6").asText()).isEqualTo("fd00:64:65:1::11");
    }

    /**
     * node-2's agent dies (SIGKILL) while pods ping across it, and starts again: its kernel routes
     * stay while it is away, no echo reply is lost, its peers (the other agents and BIRD) keep its
     * routes through graceful restart so their kernels never delete one, and the restarted agent
     * sweeps the route it adopted as stale and nobody re-announced.
     */
    @Test
    @Order(2)
    void killedAgentRestartsGracefullyWithoutALostPingOrARouteFlap() throws Exception {
        String victim = lab.ns("node-2");
        String before = lab.routes(victim, "bgp");
        List<String> kept = before.lines().map(l -> l.split(" ")[0].equals("blackhole") ? l.split(" ")[1]
                : l.split(" ")[0]).toList();
        assertThat(kept).contains("100.65.1.0/24", "100.65.3.0/24", "fd00:64:65:1::/64", "fd00:64:65:3::/64");
        List<RouteMonitor> monitors = new ArrayList<>();
        List<ContinuousPing> pings = new ArrayList<>();
        try {
            for (String ns : List.of("node-1", "node-2", "node-3", "tor")) {
                monitors.add(RouteMonitor.start(lab.ns(ns)));
            }
            Duration window = Duration.ofSeconds(35);
            long pingsStarted = System.nanoTime();
            pings.add(ContinuousPing.start(lab.ns("node-1-pod-1"), "100.65.2.11", window)); // into the node
            pings.add(ContinuousPing.start(lab.ns("node-2-pod-1"), "100.65.3.11", window)); // out of it
            pings.add(ContinuousPing.start(lab.ns("node-3-pod-2"), "fd00:64:65:2::12", window));
            pings.add(ContinuousPing.start(lab.ns("ext"), "100.65.2.12", window)); // through BIRD
            Thread.sleep(1000);

            assertThat(lab.lab(Duration.ofSeconds(10), "kill-agent", "2").code()).isZero();
            // While the agent is away, a route of its protocol appears that no peer will announce.
            lab.ip("-n", victim, "route", "add", STALE, "via", "100.64.10.1", "proto", "186");
            long deadAt = System.nanoTime();
            while (System.nanoTime() - deadAt < Duration.ofSeconds(2).toNanos()) {
                String now = lab.routes(victim, "bgp");
                assertThat(kept).as("node-2's kernel routes while its agent is dead").allMatch(p -> hasRoute(now, p));
                Thread.sleep(200);
            }

            FlatLab.Run start = lab.lab(Duration.ofSeconds(10), "start-agent", "2");
            assertThat(start.code()).as(start.err()).isZero();
            Duration swept = await(Duration.ofSeconds(30), "the stale route swept by the restarted agent",
                    () -> !hasRoute(lab.routes(victim, "bgp"), STALE));
            System.out.printf("stale route swept %d ms after start-agent%n", swept.toMillis());
            String after = lab.routes(victim, "bgp");
            assertThat(kept).as("node-2's kernel routes after the restart").allMatch(p -> hasRoute(after, p));
            await(Duration.ofSeconds(30), "node-2's sessions up again", () -> allEstablished(2));
            assertThat(System.nanoTime() - pingsStarted).as("restart and sweep done while the pings still ran")
                    .isLessThan(window.toNanos());

            for (ContinuousPing ping : pings) {
                ContinuousPing.Result r = ping.await(window.plusSeconds(20));
                System.out.printf("%s: %d/%d replies%n", r.label(), r.received(), r.transmitted());
                assertThat(r.lost()).as(r.label() + " lost echo replies:\n" + r.output()).isZero();
            }
            for (RouteMonitor m : monitors) {
                List<String> deleted = m.deletions().stream().filter(l -> !l.contains(STALE)).toList();
                assertThat(deleted).as("routes deleted in " + m.namespace() + " around the restart").isEmpty();
            }
            assertThat(monitors.get(1).deletions()).as("node-2's sweep").anyMatch(l -> l.contains(STALE));
        } finally {
            for (ContinuousPing p : pings) {
                p.close();
            }
            for (RouteMonitor m : monitors) {
                m.close();
            }
            // Gone already unless the test failed before the sweep.
            FlatLab.run(Duration.ofSeconds(10), "ip", "-n", victim, "route", "del", STALE, "proto", "186");
        }
    }

    /** node-3 leaves: Cease to every peer, so its blocks go from node-1, node-2 and the ToR. */
    @Test
    @Order(3)
    void aDecommissionedNodesBlocksLeaveEveryKernel() throws Exception {
        JsonNode leaving = lab.node(3);
        List<String> blocks = List.of(leaving.get("podCIDR").asText(), leaving.get("podCIDR6").asText());
        assertThat(blocks).allMatch(b -> hasRouteUnchecked(lab.ns("node-1"), "bgp", b));
        FlatLab.Run decommission = lab.flatnetctl(3, "decommission", "--message", "test", "--yes");
        assertThat(decommission.code()).as(decommission.err()).isZero();
        Duration left = await(DECOMMISSION_DEADLINE, blocks + " gone from node-1, node-2 and the ToR", () -> {
            for (String[] where : new String[][] {{"node-1", "bgp"}, {"node-2", "bgp"}, {"tor", "bird"}}) {
                String routes = lab.routes(lab.ns(where[0]), where[1]);
                if (blocks.stream().anyMatch(b -> hasRoute(routes, b))) {
                    return false;
                }
            }
            return true;
        });
        System.out.printf("%s left every kernel %d ms after decommission%n", blocks, left.toMillis());
    }

    @Test
    @Order(4)
    void fiveNodesEveryPodReachesEveryPod() throws Exception {
        try (FlatLab five = FlatLab.up("--nodes", "5", "--topology", "mesh")) {
            assertThat(five.report().get("nodeList")).hasSize(5);
        }
    }

    private boolean allEstablished(int node) throws Exception {
        JsonNode peers = lab.flatnetctlJson(node, "peers").get("peers");
        boolean all = peers.size() > 0;
        for (JsonNode p : peers) {
            all &= p.get("state").asText().equals("Established");
        }
        return all;
    }

    private boolean hasRouteUnchecked(String ns, String protocol, String prefix) {
        try {
            return hasRoute(lab.routes(ns, protocol), prefix);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
