package io.flatnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code flatnetctl get config}: the configuration in effect as the agent computed it for its
 * node. The agent never sends a password, so neither output can show one.
 */
@Command(name = "config", description = "The configuration in effect, as this node computed it: its BGP settings,"
        + " its peers and why it has each, and what it advertises. Passwords are never shown.",
        mixinStandardHelpOptions = true)
final class ConfigCommand implements Callable<Integer> {
    @ParentCommand
    GetCommand get;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        ApiClient client = get.root.client();
        JsonNode doc = client.getTree("/v1/config");
        PrintWriter out = spec.commandLine().getOut();
        out.print(output.document() ? output.render(doc)
                : render(client.convert(doc, ApiDocs.Config.class), output.wide()));
        out.flush();
        return 0;
    }

    static String render(ApiDocs.Config c, boolean wide) {
        StringBuilder sb = new StringBuilder();
        ApiDocs.ConfigBgp b = c.bgp();
        sb.append(c.nodeName() == null ? "Agent" : "Node " + c.nodeName()).append(", configured from ")
                .append(c.source()).append('\n');
        sb.append("  AS ").append(b.asNumber()).append(", router id ").append(b.routerId());
        if (b.routeReflectorClusterId() != null) {
            sb.append(", route reflector with cluster id ").append(b.routeReflectorClusterId());
        }
        sb.append('\n');
        if (b.listenPort() != null) {
            sb.append("  Listening on port ").append(b.listenPort()).append(", ")
                    .append(b.listenAddresses() == null || b.listenAddresses().isEmpty() ? "every address"
                            : String.join(", ", b.listenAddresses()));
        } else {
            sb.append("  Listening on ").append(b.listenAddresses() == null || b.listenAddresses().isEmpty() ? "-"
                    : String.join(", ", b.listenAddresses()));
        }
        sb.append(b.logSeverity() == null ? "" : "; log level " + b.logSeverity()).append("\n\n");

        if (c.peers() == null || c.peers().isEmpty()) {
            sb.append("No peers configured.\n");
        } else {
            Table t = wide
                    ? new Table("PEER ADDRESS", "PORT", "PEER TYPE", "AS", "RR CLIENT", "PASSWORD", "ORIGIN", "NODE",
                            "SOURCE ADDRESS", "PASSIVE", "TTL SECURITY", "HOLD", "RESTART TIME", "FAMILIES",
                            "NEXT HOP MODE", "FILTERS")
                    : new Table("PEER ADDRESS", "PEER TYPE", "AS", "RR CLIENT", "PASSWORD", "ORIGIN");
            for (ApiDocs.ConfigPeer p : c.peers()) {
                String rr = p.routeReflectorClient() ? "yes" : "no";
                String password = p.passwordSet() ? "set" : "-";
                if (wide) {
                    t.row(p.address(), text(p.port()), p.peerType(), Long.toString(p.asNumber()), rr, password,
                            text(p.origin()), text(p.peerNode()), text(p.sourceAddress()), text(p.passive()),
                            text(p.ttlSecurityHops()), p.holdTimeSeconds() == null ? "-" : p.holdTimeSeconds() + " s",
                            p.gracefulRestartTimeSeconds() == null ? "-" : p.gracefulRestartTimeSeconds() + " s",
                            RoutesCommand.join(p.families()), text(p.nextHopMode()), RoutesCommand.join(p.filters()));
                } else {
                    t.row(p.address(), p.peerType(), Long.toString(p.asNumber()), rr, password, text(p.origin()));
                }
            }
            sb.append(t.render());
        }
        if (c.listenRanges() != null && !c.listenRanges().isEmpty()) {
            sb.append('\n');
            Table ranges = new Table("LISTEN RANGE", "CIDRS", "AS", "LIMIT", "MAX PREFIXES", "RR CLIENTS");
            for (ApiDocs.ConfigListenRange r : c.listenRanges()) {
                ranges.row(r.name(), RoutesCommand.join(r.cidrs()), Long.toString(r.asNumber()),
                        Integer.toString(r.limit()), r.maxPrefixes() == 0 ? "-" : Long.toString(r.maxPrefixes()),
                        r.routeReflectorClient() ? "yes" : "no");
            }
            sb.append(ranges.render());
        }
        sb.append('\n');
        List<ApiDocs.Advertisement> ads = c.advertisements() == null ? List.of() : c.advertisements();
        sb.append(wide ? AdvertisementsCommand.wide(ads) : AdvertisementsCommand.table(ads));
        if (c.warnings() != null && !c.warnings().isEmpty()) {
            List<String> lines = new ArrayList<>();
            c.warnings().forEach(w -> lines.add("  " + w));
            sb.append("\nWarnings:\n").append(String.join("\n", lines)).append('\n');
        }
        return sb.toString();
    }

    private static String text(Object value) {
        return value == null ? "-" : value.toString();
    }
}
