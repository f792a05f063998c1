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
    void withoutConfigTheQuickOptionsAreNeeded() {
        assertThat(run(2)).startsWith("flatnet: give --config FILE --node-name NAME, or --asn and --router-id");
        assertThat(run(2, "--node-name", "n")).startsWith("flatnet: --node-name names this node in a --config file");
    }
}
