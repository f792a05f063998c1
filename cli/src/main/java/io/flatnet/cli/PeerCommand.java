package io.flatnet.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flatnetctl peer reset ADDRESS}. */
@Command(name = "peer", description = "Act on one BGP peer.", subcommands = PeerCommand.Reset.class,
        mixinStandardHelpOptions = true)
final class PeerCommand {
    @ParentCommand
    FlatnetCtl root;

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Soft reset (ROUTE-REFRESH: the peer sends its routes again) when the session is up and"
                    + " supports it; otherwise, or with --hard, close the session with Cease 6/4 and reconnect.")
    static final class Reset implements Callable<Integer> {
        @ParentCommand
        PeerCommand peer;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ADDRESS", description = "the peer's address")
        String address;

        @Option(names = "--hard", description = "close and reconnect the session even if route refresh would do")
        boolean hard;

        @Option(names = "--message", paramLabel = "TEXT",
                description = "the shutdown message sent with a hard reset's Cease (RFC 9003, up to 255 bytes)")
        String message;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("hard", hard);
            if (message != null) {
                body.put("message", message);
            }
            ApiDocs.ResetResult r = peer.root.client().post("/v1/peers/"
                    + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/reset", body, ApiDocs.ResetResult.class);
            spec.commandLine().getOut().println("Peer " + r.peer() + ": " + r.detail() + ".");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
