package io.flatnet.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flatnetctl decommission --message TEXT --yes}. */
@Command(name = "decommission", mixinStandardHelpOptions = true,
        description = "Take this node out of the network: Cease 6/2 with the message to every peer (they withdraw"
                + " its routes), then the agent exits. Peers do not wait for it to come back.")
final class DecommissionCommand implements Callable<Integer> {
    @ParentCommand
    FlatnetCtl root;

    @Spec
    CommandSpec spec;

    @Option(names = "--message", required = true, paramLabel = "TEXT",
            description = "the shutdown message peers log (RFC 9003), e.g. \"node drained for maintenance\"")
    String message;

    @Option(names = "--yes", description = "confirm: this stops BGP on the node")
    boolean yes;

    @Override
    public Integer call() {
        if (!yes) {
            throw new CliException(2, "decommission ends every BGP session of this node and stops the agent;"
                    + " add --yes to confirm");
        }
        ApiDocs.Decommissioned d = root.client().post("/v1/decommission", Map.of("message", message),
                ApiDocs.Decommissioned.class);
        spec.commandLine().getOut().println("Decommissioned: " + d.detail() + ".");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
