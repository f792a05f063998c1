package io.flatnet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class FlatnetMainTest {

    private static String run(int expectedCode, String... args) {
        StringWriter err = new StringWriter();
        int code = FlatnetMain.commandLine(new PrintWriter(err, true)).execute(args);
        assertThat(code).isEqualTo(expectedCode);
        return err.toString().strip();
    }

    @Test
    void configCannotBeMixedWithTheQuickOptions() {
        assertThat(run(2, "--config", "../deploy/flatnet.example.yaml", "--node-name", "node-1", "--asn", "65000",
                "--peer", "10.0.0.1,as=1"))
                .isEqualTo("flatnet: --config cannot be combined with --asn, --peer: the file gives the AS, router id,"
                        + " listen settings, peers and advertisements");
    }

    @Test
    void aBadFileIsRefusedBeforeAnythingStarts() {
        assertThat(run(2, "--config", "../deploy/flatnet.example.yaml", "--node-name", "node-9"))
                .isEqualTo("flatnet: configuration refused:\n../deploy/flatnet.example.yaml: no Node named 'node-9'"
                        + " (from --node-name); expected the name of one of its Nodes: node-1, node-2, node-3");
    }

    @Test
    void theKubernetesModeTakesNoFileNorQuickOptionsAndNamesAMissingKubeconfig() {
        assertThat(run(2, "--kubernetes", "--asn", "65000", "--config", "x.yaml")).isEqualTo("flatnet: --kubernetes"
                + " cannot be combined with --asn, --config: the cluster gives the configuration");
        assertThat(run(2, "--kubernetes", "--kubeconfig", "/nonexistent/kubeconfig", "--node-name", "n", "--no-kernel",
                "--no-api")).isEqualTo("flatnet: --kubeconfig /nonexistent/kubeconfig: no such file");
    }

    @Test
    void withoutConfigTheQuickOptionsAreNeeded() {
        assertThat(run(2)).startsWith("flatnet: give --config FILE --node-name NAME, or --asn and --router-id");
        assertThat(run(2, "--node-name", "n")).startsWith("flatnet: --node-name names this node in a --config file");
    }

    @Test
    void apiAddressesAreLiteralAddressesWithPorts() {
        assertThat(FlatnetMain.hostPort("127.0.0.1:9179", "--api-listen").getPort()).isEqualTo(9179);
        assertThat(FlatnetMain.hostPort("[::1]:0", "--api-listen").getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(run(2, "--asn", "65000", "--router-id", "1.1.1.1", "--no-listen", "--api-listen", "localhost:9179"))
                .isEqualTo("flatnet: --api-listen localhost:9179: 'localhost' is not an IP address");
        assertThat(run(2, "--asn", "65000", "--router-id", "1.1.1.1", "--no-listen", "--api-listen", "::1:9179"))
                .isEqualTo("flatnet: --api-listen ::1:9179: put an IPv6 address in brackets, e.g. [::1]:9179");
        assertThat(run(2, "--asn", "65000", "--router-id", "1.1.1.1", "--no-listen", "--api-listen", "127.0.0.1"))
                .isEqualTo("flatnet: --api-listen 127.0.0.1: expected ADDRESS:PORT, e.g. 127.0.0.1:9179");
        assertThat(run(2, "--asn", "65000", "--router-id", "1.1.1.1", "--no-listen", "--no-api", "--api-socket", "/x"))
                .isEqualTo("flatnet: --no-api and --api-socket contradict each other");
    }

    @Test
    void kernelOptionsAreCheckedBeforeAnythingStarts() {
        String[] quick = {"--asn", "65000", "--router-id", "1.1.1.1", "--no-listen", "--no-api"};
        assertThat(run(2, concat(quick, "--kernel-table", "0")))
                .isEqualTo("flatnet: --kernel-table 0: a table id 1..4294967295 (main is 254)");
        assertThat(run(2, concat(quick, "--kernel-protocol", "0")))
                .isEqualTo("flatnet: --kernel-protocol 0: 1..255 (186 is bgp)");
        assertThat(run(2, concat(quick, "--kernel-metric", "-1"))).isEqualTo("flatnet: --kernel-metric -1: 0..4294967295");
        assertThat(run(2, concat(quick, "--kernel-restart-time", "-5")))
                .isEqualTo("flatnet: --kernel-restart-time -5: seconds, 0 or more");
    }

    @Test
    void listenRangesAndTheStandaloneReflectorAreCheckedBeforeAnythingStarts() {
        String[] quick = {"--asn", "65000", "--router-id", "1.1.1.1", "--no-api"};
        assertThat(run(2, concat(quick, "--standalone-reflector", "244.0.0.1")))
                .isEqualTo("flatnet: --standalone-reflector needs clients: give --listen-range CIDR");
        assertThat(run(2, concat(quick, "--standalone-reflector", "cluster-1", "--listen-range", "10.0.0.0/8")))
                .isEqualTo("flatnet: --standalone-reflector cluster-1: the cluster id is a dotted quad, e.g. 244.0.0.1");
        assertThat(run(2, concat(quick, "--no-listen", "--listen-range", "10.0.0.0/8")))
                .isEqualTo("flatnet: --listen-range needs the listener: drop --no-listen");
        assertThat(run(2, concat(quick, "--listen-range", "10.0.0.0/8,name=a", "--listen-range", "10.1.0.0/16,name=a")))
                .isEqualTo("flatnet: --listen-range: two dynamic-neighbour ranges named a (set name=...)");
        assertThat(run(2, "--config", "../deploy/flatnet.example.yaml", "--node-name", "node-1",
                "--listen-range", "10.0.0.0/8"))
                .startsWith("flatnet: --config cannot be combined with --listen-range");
    }

    @Test
    void decommissionOnSigtermIsSpelledEitherWay() {
        for (String option : new String[] {"--decommission", "--decommission-on-exit"}) {
            picocli.CommandLine cl = FlatnetMain.commandLine(new PrintWriter(new StringWriter(), true));
            cl.parseArgs("--asn", "65000", "--router-id", "1.1.1.1", option);
            assertThat(((FlatnetMain) cl.getCommand()).decommission).as(option).isTrue();
        }
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
                .toArray(String[]::new);
    }
}
