package io.flatnet.e2e;

import static io.flatnet.e2e.FlatnetctlSocketTest.ctl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flatnet.k8s.FakeKubeApiServer;
import io.flatnet.k8s.Fixtures;
import io.flatnet.kernel.netlink.NetNamespace;
import io.flatnet.lab.Lab;
import io.flatnet.lab.LabProcess;
import io.flatnet.lab.Link;
import io.flatnet.lab.Netns;
import io.flatnet.lab.junit.NetnsTest;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@code flatnet --kubernetes} end to end: two agent processes ({@link io.flatnet.agent.FlatnetMain}
 * in child JVMs), each in its own network namespace with a veth between them, take their whole
 * configuration from {@link FakeKubeApiServer} (listening in node-1's namespace on node-1's
 * address, as a real API server on a reachable address), peer over the node-to-node mesh,
 * install each other's pod CIDR into their namespace's kernel, serve {@code flatnetctl node
 * status} on their Unix sockets, and write their BGPNodeStatus back to the API server.
 */
@NetnsTest
class KubernetesModeIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void twoNodesPeerFromTheClusterInstallEachOthersPodCidrAndReportTheirStatus(Lab lab) throws Exception {
        Netns ns1 = lab.namespace("node1");
        Netns ns2 = lab.namespace("node2");
        Link link = lab.link(ns1, ns2);
        String ip1 = link.a().ipv4();
        String ip2 = link.b().ipv4();
        // Pod blocks from 100.64.0.0/10 too, beside the lab's link block: the next /16 within 100.64-127.
        int second = Integer.parseInt(lab.ipv4Block().split("\\.")[1]);
        int podSecond = 64 + (second - 64 + 1) % 64;
        String pods1 = "100." + podSecond + ".1.0/24";
        String pods2 = "100." + podSecond + ".2.0/24";

        try (FakeKubeApiServer api = apiServerIn(ns1, ip1)) {
            api.put(FakeKubeApiServer.NODES, Fixtures.node("node-1", pods1, ip1, Map.of()));
            api.put(FakeKubeApiServer.NODES, Fixtures.node("node-2", pods2, ip2, Map.of()));
            api.put(FakeKubeApiServer.CONFIGS, Fixtures.flatnet("default", """
                    {"asNumber": 64512, "nodeToNodeMeshEnabled": true}"""));
            Path kubeconfig = kubeconfig(lab.dir(), api.url());
            Path socket1 = lab.dir().resolve("node-1.sock");
            Path socket2 = lab.dir().resolve("node-2.sock");
            LabProcess agent1 = agent(ns1, "node-1", kubeconfig, socket1);
            LabProcess agent2 = agent(ns2, "node-2", kubeconfig, socket2);

            await("each kernel holds the other node's pod CIDR via the other node", () ->
                    routes(ns1).contains(pods2 + " via " + ip2) && routes(ns2).contains(pods1 + " via " + ip1));
            assertThat(agent1.isAlive() && agent2.isAlive()).isTrue();

            FlatnetctlSocketTest.Result status1 = ctl(socket1, "node", "status");
            assertThat(status1.code()).as(status1.err()).isZero();
            assertThat(status1.out()).contains(ip2, "node-to-node mesh", "Established");
            System.out.printf("node-1: ip route show proto bgp%n%s%nnode-1: flatnetctl node status%n%s%n", routes(ns1),
                    status1.out());
            FlatnetctlSocketTest.Result status2 = ctl(socket2, "node", "status");
            assertThat(status2.out()).contains(ip1, "Established");
            FlatnetctlSocketTest.Result advertised = ctl(socket1, "get", "advertisements");
            assertThat(advertised.out()).contains(pods1, "pod-cidr");

            await("both BGPNodeStatus resources say the mesh session is Established",
                    () -> established(api, "node-1", ip2) && established(api, "node-2", ip1));
            JsonNode status = api.get(FakeKubeApiServer.STATUSES, "node-1").path("status");
            System.out.printf("BGPNodeStatus node-1: %s%n", status);
            assertThat(status.path("routes").path("advertised").asLong()).isEqualTo(1);
            assertThat(status.path("routes").path("received").asLong()).isEqualTo(1);
            assertThat(status.path("routes").path("installed").asLong()).as("the learned route and our blackhole")
                    .isEqualTo(2);
        }
    }

    /** The fake API server, its socket made on a thread inside {@code ns}: reachable at {@code address} there. */
    private static FakeKubeApiServer apiServerIn(Netns ns, String address) throws Exception {
        CompletableFuture<FakeKubeApiServer> made = new CompletableFuture<>();
        Thread.ofPlatform().name("api-server-in-" + ns.name()).start(() -> {
            try {
                NetNamespace.enter(ns.name());
                made.complete(new FakeKubeApiServer(InetAddress.getByName(address)));
            } catch (Throwable e) {
                made.completeExceptionally(e);
            }
        });
        return made.get(10, TimeUnit.SECONDS);
    }

    private static Path kubeconfig(Path dir, String server) throws Exception {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: lab
                    cluster:
                      server: %s
                users:
                  - name: lab
                    user: {}
                contexts:
                  - name: lab
                    context:
                      cluster: lab
                      user: lab
                current-context: lab
                """.formatted(server));
        return file;
    }

    private static LabProcess agent(Netns ns, String node, Path kubeconfig, Path socket) {
        return ns.startJava(node, "io.flatnet.agent.FlatnetMain", List.of("--kubernetes", "--kubeconfig",
                kubeconfig.toString(), "--node-name", node, "--api-socket", socket.toString(),
                "--metrics-listen", "127.0.0.1:9179", "--status-min-interval", "1"));
    }

    private static String routes(Netns ns) {
        return ns.execOrThrow("ip", "route", "show", "proto", "bgp").stdout();
    }

    private static boolean established(FakeKubeApiServer api, String node, String peer) {
        JsonNode status = api.get(FakeKubeApiServer.STATUSES, node);
        if (status == null) {
            return false;
        }
        for (JsonNode p : status.path("status").path("peers")) {
            if (p.path("address").asText().equals(peer) && p.path("state").asText().equals("Established")) {
                return true;
            }
        }
        return false;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
