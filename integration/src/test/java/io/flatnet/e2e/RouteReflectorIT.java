package io.flatnet.e2e;

import static io.flatnet.e2e.FlatLab.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flatnet.lab.DaemonKind;
import io.flatnet.lab.junit.NetnsTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * reaches every pod; then reflector 1 is killed, and a change made after that, which only
 * reflector 2 can carry, reaches every client.
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
     * SIGKILL: reflector 1's sessions end without a NOTIFICATION. Its clients keep what it sent as
     * stale for its graceful restart time (120 s), and the reflected next hops are the clients
     * themselves, so routes and pings alone would pass with reflector 2 doing nothing. So, after the
     * kill, client node-5 gets a second pod block, {@link #NEW_BLOCK}, through the lab's shared
     * configuration file (its agent reloads it and announces the block), which no path through
     * reflector 1 can carry: every other client must receive it from reflector 2 (the received
     * view, per peer) and install it via node-5. Each client also holds every other node's block as
     * received from reflector 2.
     *
     * <p>A client killed and started again at once then comes back ({@code kill-agent} returns only
     * once the JVM is gone, so {@code start-agent} does not find it running) with its session to
     * reflector 2. (Restarting node-5 could not carry the new block here: a restarting speaker sends
     * nothing until every graceful-restart peer, dead reflector 1 included, has sent End-of-RIB or
     * its selection deferral time has run out, RFC 4724 4.1.)
     */
    @Test
    @Order(2)
    void aChangeAfterOneReflectorIsKilledReachesEveryClientThroughTheOther() throws Exception {
        assertThat(lab.lab(Duration.ofSeconds(20), "kill-agent", "1").code()).isZero();
        for (int client = 3; client <= NODES; client++) {
            int c = client;
            await(Duration.ofSeconds(15), "node-" + c + "'s session with reflector 1 down",
                    () -> !state(c, REFLECTOR_1).equals("Established"));
            assertThat(state(c, REFLECTOR_2)).isEqualTo("Established");
        }

        addPodBlock("node-5", "100.65.5.0/24", NEW_BLOCK);
        for (int client = 3; client <= NODES; client++) {
            if (client == 5) {
                continue;
            }
            int c = client;
            Duration took = await(Duration.ofSeconds(30), "node-" + c + " receives " + NEW_BLOCK + " from reflector 2",
                    () -> receivedFromReflector2(c).contains(NEW_BLOCK));
            System.out.printf("node-%d received %s from reflector 2 after %d ms more%n", c, NEW_BLOCK, took.toMillis());
            Set<String> fromReflector2 = receivedFromReflector2(c);
            for (int other = 2; other <= NODES; other++) {
                if (other != c) {
                    assertThat(fromReflector2).as("node-" + c + " from reflector 2").contains("100.65." + other + ".0/24");
                }
            }
            await(Duration.ofSeconds(10), "node-" + c + " installs " + NEW_BLOCK + " via node-5",
                    () -> lab.routes(lab.ns("node-" + c), "bgp").contains(NEW_BLOCK + " via 100.64.10.15 "));
        }

        FlatLab.Run killed = lab.lab(Duration.ofSeconds(20), "kill-agent", "6");
        assertThat(killed.code()).as(killed.err()).isZero();
        FlatLab.Run started = lab.lab(Duration.ofSeconds(20), "start-agent", "6");
        assertThat(started.code()).as("start-agent right after kill-agent: " + started.err()).isZero();
        await(Duration.ofSeconds(30), "restarted node-6 back with reflector 2", () -> {
            FlatLab.Run peers = lab.flatnetctl(6, "peers", "-o", "json"); // fails until its API is up
            return peers.code() == 0 && peers.out().contains("\"" + REFLECTOR_2 + "\"")
                    && state(6, REFLECTOR_2).equals("Established");
        });

        JsonNode status = lab.status();
        FlatLab.assertFlat(status);
    }

    /** A block node-5 gets after reflector 1 is gone. */
    private static final String NEW_BLOCK = "100.65.105.0/24";

    /** The prefixes client {@code node} has received from reflector 2 (its Adj-RIB-In of that peer). */
    private Set<String> receivedFromReflector2(int node) throws Exception {
        Set<String> out = new TreeSet<>();
        lab.flatnetctlJson(node, "routes", "--received", "--peer", REFLECTOR_2).get("routes")
                .forEach(r -> out.add(r.get("prefix").asText()));
        return out;
    }

    /**
     * Gives {@code node} a second pod block in the lab's shared configuration file; written beside
     * it and moved over it, so that no agent watching the file reads half of it.
     */
    private void addPodBlock(String node, String block, String added) throws Exception {
        Path file = lab.stateDir().resolve("flatnet.yaml");
        String yaml = Files.readString(file);
        String before = "  name: " + node + "\n";
        int at = yaml.indexOf(before);
        String line = "podCIDRs: [" + block + "]";
        int cidrs = yaml.indexOf(line, at);
        assertThat(at).as(node + " in " + file).isNotNegative();
        assertThat(cidrs).as(line + " of " + node + " in " + file).isGreaterThan(at);
        Path next = file.resolveSibling("flatnet.yaml.next");
        Files.writeString(next, yaml.substring(0, cidrs) + "podCIDRs: [" + block + ", " + added + "]"
                + yaml.substring(cidrs + line.length()));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
