package io.flatnet.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flatnetctl node ...}. */
@Command(name = "node", description = "This node's agent.", subcommands = NodeCommand.Status.class,
        mixinStandardHelpOptions = true)
final class NodeCommand {
    @ParentCommand
    FlatnetCtl root;

    /** {@code flatnetctl node status}: calicoctl's layout, one table per address family. */
    @Command(name = "status", description = "Whether the agent runs, and its BGP sessions per address family.",
            mixinStandardHelpOptions = true)
    static final class Status implements Callable<Integer> {
        @ParentCommand
        NodeCommand node;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            FlatnetCtl ctl = node.root;
            List<ApiDocs.Peer> peers = ctl.client().get("/v1/peers", ApiDocs.Peers.class).peers();
            PrintWriter out = spec.commandLine().getOut();
            out.print(render(ctl, peers));
            out.flush();
            return 0;
        }

        static String render(FlatnetCtl ctl, List<ApiDocs.Peer> peers) {
            StringBuilder sb = new StringBuilder("flatnet process is running.\n");
            for (String family : new String[] {"IPv4", "IPv6"}) {
                sb.append('\n').append(family).append(" BGP status\n");
                List<ApiDocs.Peer> ofFamily = peers.stream()
                        .filter(p -> p.address().contains(":") == family.equals("IPv6")).toList();
                if (ofFamily.isEmpty()) {
                    sb.append("No ").append(family).append(" peers found.\n");
                    continue;
                }
                Table t = new Table("PEER ADDRESS", "PEER TYPE", "STATE", "SINCE", "INFO");
                for (ApiDocs.Peer p : ofFamily) {
                    t.row(p.address(), p.peerType(), state(p.state()), ctl.since(p.since()), p.info());
                }
                sb.append(t.render());
            }
            return sb.toString();
        }

        /** BIRD's protocol states, as calicoctl shows them: up, start (connecting), down (idle). */
        static String state(String bgpState) {
            return switch (bgpState) {
                case "Established" -> "up";
                case "Idle" -> "down";
                default -> "start";
            };
        }
    }
}
