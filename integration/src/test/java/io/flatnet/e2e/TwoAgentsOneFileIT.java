package io.flatnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.cli.FlatnetCtl;
import io.flatnet.lab.Lab;
import io.flatnet.lab.LabProcess;
import io.flatnet.lab.Link;
import io.flatnet.lab.Netns;
import io.flatnet.lab.Poll;
import io.flatnet.lab.junit.NetnsTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The standalone mode as the issue states it: two agents, each in its own network namespace on
 * the two ends of a veth pair, started from one shared configuration file (the node-to-node mesh;
 * each Node with its {@code bgp.ipv4Address} and {@code podCIDRs}). Each computes its own view,
 * the mesh session comes up (one side connects), {@code flatnetctl node status} shows it
 * Established, and each node's pod CIDR is in the other node's kernel table, protocol bgp, via
 * the other node's address; {@code flatnetctl get routes} says so too. The agents are the real
 * {@code FlatnetMain} in child JVMs inside the namespaces; every address is inside the lab's
 * block of 100.64.0.0/10.
 */
@NetnsTest
class TwoAgentsOneFileIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    record Node(String name, Netns ns, String address, String podCidr, Path socket, LabProcess agent) {}

    record Ctl(int code, String out, String err) {}

    @Test
    void twoAgentsFromOneFileMeshAndInstallEachOthersPodCidr(Lab lab) throws Exception {
        Netns ns1 = lab.namespace("node1");
        Netns ns2 = lab.namespace("node2");
        Link link = lab.link(ns1, ns2);
        String a1 = link.a().ipv4();
        String a2 = link.b().ipv4();
        // Pod blocks from the upper half of the lab's /24; its links use the lowest /30s.
        String block = lab.ipv4Block().substring(0, lab.ipv4Block().lastIndexOf('.'));
        String pods1 = block + ".128/27";
        String pods2 = block + ".160/27";

        Path file = lab.dir().resolve("flatnet.yaml");
        Files.writeString(file, """
                apiVersion: flatnet.io/v1
                kind: BGPConfiguration
                metadata: {name: default}
                spec: {asNumber: 64512, nodeToNodeMeshEnabled: true}
                ---
                apiVersion: flatnet.io/v1
                kind: Node
                metadata: {name: node-1}
                spec: {bgp: {ipv4Address: %s/30}, podCIDRs: [%s]}
                ---
                apiVersion: flatnet.io/v1
                kind: Node
                metadata: {name: node-2}
                spec: {bgp: {ipv4Address: %s/30}, podCIDRs: [%s]}
                """.formatted(a1, pods1, a2, pods2));

        Node n1 = start(lab, file, "node-1", ns1, a1, pods1);
        Node n2 = start(lab, file, "node-2", ns2, a2, pods2);

        for (Node[] pair : new Node[][] {{n1, n2}, {n2, n1}}) {
            Node self = pair[0];
            Node other = pair[1];
            Ctl status = Poll.until(PATIENCE, self.name() + " sees " + other.name() + " Established", () -> {
                Ctl r = ctl(self.socket(), "node", "status");
                return r.code() == 0 && r.out().contains("Established") ? Optional.of(r) : Optional.empty();
            }, () -> diagnostics(n1, n2));
            assertThat(status.out()).startsWith("flatnet process is running.\n\nIPv4 BGP status\n")
                    .containsPattern("\\| " + other.address().replace(".", "\\.")
                            + " +\\| node-to-node mesh \\| up +\\| \\d\\d:\\d\\d:\\d\\d \\| Established \\|");

            String expected = other.podCidr() + " via " + other.address() + " dev " + link.endIn(self.ns()).ifName();
            String routes = Poll.until(PATIENCE, other.podCidr() + " in " + self.name() + "'s kernel", () -> {
                String r = self.ns().execOrThrow("ip", "route", "show", "proto", "bgp").stdout();
                return r.contains(expected) ? Optional.of(r) : Optional.empty();
            }, () -> diagnostics(n1, n2));
            assertThat(routes).as("ip -n %s route show proto bgp", self.ns().name())
                    .contains(expected, "blackhole " + self.podCidr());

            Ctl config = ctl(self.socket(), "get", "config");
            assertThat(config.out()).startsWith("Node " + self.name() + ", configured from file " + file + "\n")
                    .containsPattern("\\| " + other.address().replace(".", "\\.")
                            + " +\\| node-to-node mesh \\| 64512 \\| no +\\| - +\\| mesh +\\|")
                    .containsPattern("\\| " + self.podCidr().replace(".", "\\.") + " +\\| pod-cidr +\\|");

            Ctl rib = ctl(self.socket(), "get", "routes", "--prefix", other.podCidr());
            assertThat(rib.code()).as(rib.err()).isZero();
            assertThat(rib.out()).contains("| best ", "| " + other.address() + " ",
                    "installed via " + other.address());
        }
    }

    private static Node start(Lab lab, Path file, String name, Netns ns, String address, String pods) {
        Path socket = lab.dir().resolve(name + ".sock");
        LabProcess agent = ns.startJava(name, "io.flatnet.agent.FlatnetMain", List.of("--config", file.toString(),
                "--node-name", name, "--api-socket", socket.toString(), "--metrics-listen", "127.0.0.1:9179"));
        return new Node(name, ns, address, pods, socket, agent);
    }

    /** The real flatnetctl, in this JVM, over the agent's Unix socket (a path: reachable from any namespace). */
    private static Ctl ctl(Path socket, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--socket";
        all[args.length + 1] = socket.toString();
        int code = FlatnetCtl.commandLine(new FlatnetCtl(), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(all);
        return new Ctl(code, out.toString(), err.toString());
    }

    private static String diagnostics(Node... nodes) {
        StringBuilder sb = new StringBuilder();
        for (Node n : nodes) {
            sb.append("== ").append(n.name()).append(" (").append(n.ns().name()).append(") log tail:\n")
                    .append(n.agent().tail(30)).append('\n')
                    .append("== ip route show proto bgp:\n").append(n.ns().exec("ip", "route", "show", "proto", "bgp")
                            .stdout()).append('\n');
        }
        return sb.toString();
    }
}
