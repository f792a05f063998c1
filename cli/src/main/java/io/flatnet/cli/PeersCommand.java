package io.flatnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flatnetctl get peers [ADDRESS]} (and {@code flatnetctl peers}): a table of all peers, or everything about one. */
@Command(name = "peers", description = "BGP peers: a table of all, or the details of one.",
        mixinStandardHelpOptions = true)
final class PeersCommand implements Callable<Integer> {
    /** {@link FlatnetCtl} for {@code flatnetctl peers}, {@link GetCommand} for {@code flatnetctl get peers}. */
    @ParentCommand
    Object parent;

    @Mixin
    OutputOption output;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "ADDRESS", description = "show this peer in detail")
    String address;

    @Override
    public Integer call() {
        FlatnetCtl root = GetCommand.root(parent);
        PrintWriter out = spec.commandLine().getOut();
        ApiClient client = root.client();
        String path = address == null ? "/v1/peers" : "/v1/peers/" + URLEncoder.encode(address, StandardCharsets.UTF_8);
        JsonNode doc = client.getTree(path);
        if (output.document()) {
            out.print(output.render(doc));
        } else if (address == null) {
            List<ApiDocs.Peer> peers = client.convert(doc, ApiDocs.Peers.class).peers();
            out.print(output.wide() ? wide(root, peers) : table(root, peers));
        } else {
            out.print(detail(root, client.convert(doc, ApiDocs.Peer.class)));
        }
        out.flush();
        return 0;
    }

    static String wide(FlatnetCtl ctl, List<ApiDocs.Peer> peers) {
        if (peers.isEmpty()) {
            return "No peers configured.\n";
        }
        Table t = new Table("PEER ADDRESS", "PEER TYPE", "RR CLIENT", "AS", "STATE", "SINCE", "UPTIME", "HOLD",
                "FAMILIES", "RECEIVED", "ACCEPTED", "ADVERTISED", "FLAPS", "INFO", "LAST ERROR");
        for (ApiDocs.Peer p : peers) {
            boolean up = p.state().equals("Established");
            t.row(p.address(), p.peerType(), p.routeReflectorClient() ? "yes" : "no", Long.toString(p.asNumber()),
                    p.state(), ctl.since(p.since()),
                    up ? FlatnetCtl.duration(p.uptimeSeconds()) : "-", up ? p.holdTimeSeconds() + "s" : "-",
                    p.capabilities() == null ? "-" : String.join(",", p.capabilities().families()),
                    p.prefixes() == null ? "" : Long.toString(p.prefixes().received()),
                    p.prefixes() == null ? "" : Long.toString(p.prefixes().accepted()),
                    p.prefixes() == null ? "" : Long.toString(p.prefixes().advertised()), Long.toString(p.flaps()),
                    p.info(), orDash(p.lastError()));
        }
        return t.render();
    }

    static String table(FlatnetCtl ctl, List<ApiDocs.Peer> peers) {
        if (peers.isEmpty()) {
            return "No peers configured.\n";
        }
        Table t = new Table("PEER ADDRESS", "PEER TYPE", "AS", "STATE", "SINCE", "UPTIME", "RECEIVED", "ADVERTISED",
                "INFO");
        for (ApiDocs.Peer p : peers) {
            t.row(p.address(), p.peerType(), Long.toString(p.asNumber()), p.state(), ctl.since(p.since()),
                    p.state().equals("Established") ? FlatnetCtl.duration(p.uptimeSeconds()) : "-",
                    p.prefixes() == null ? "" : Long.toString(p.prefixes().accepted()),
                    p.prefixes() == null ? "" : Long.toString(p.prefixes().advertised()), p.info());
        }
        return t.render();
    }

    static String detail(FlatnetCtl ctl, ApiDocs.Peer p) {
        StringBuilder sb = new StringBuilder();
        sb.append("Peer ").append(p.address()).append(", AS ").append(p.asNumber()).append(" (").append(p.peerType())
                .append(")\n");
        line(sb, "State", p.state() + " since " + ctl.timestamp(p.since())
                + (p.state().equals("Established") ? " (up " + FlatnetCtl.duration(p.uptimeSeconds()) + ")" : ""));
        line(sb, "Info", p.info());
        line(sb, "Last state change", orDash(p.lastStateChangeReason()));
        line(sb, "Last error", orDash(p.lastError()));
        ApiDocs.Capabilities c = p.capabilities();
        if (c == null) {
            line(sb, "Negotiated", "- (no OPEN exchanged on the current connection)");
        } else {
            line(sb, "Hold time", p.holdTimeSeconds() + " s, keepalive " + p.keepaliveSeconds() + " s");
            line(sb, "Families", String.join(", ", c.families()));
            line(sb, "Capabilities", capabilities(c));
            line(sb, "Peer's OPEN", String.join(", ", c.peerAdvertised()));
        }
        if (p.prefixes() != null) {
            line(sb, "Prefixes", p.prefixes().received() + " received, " + p.prefixes().accepted() + " accepted, "
                    + p.prefixes().advertised() + " advertised");
        }
        line(sb, "Flaps", Long.toString(p.flaps()));
        line(sb, "NOTIFICATION sent", notification(ctl, p.lastNotificationSent()));
        line(sb, "NOTIFICATION received", notification(ctl, p.lastNotificationReceived()));
        if (p.messages() != null) {
            sb.append('\n');
            Table t = new Table("MESSAGES", "RECEIVED", "SENT");
            ApiDocs.MessageCount in = p.messages().received();
            ApiDocs.MessageCount out = p.messages().sent();
            t.row("OPEN", Long.toString(in.open()), Long.toString(out.open()));
            t.row("UPDATE", Long.toString(in.update()), Long.toString(out.update()));
            t.row("NOTIFICATION", Long.toString(in.notification()), Long.toString(out.notification()));
            t.row("KEEPALIVE", Long.toString(in.keepalive()), Long.toString(out.keepalive()));
            t.row("ROUTE-REFRESH", Long.toString(in.routeRefresh()), Long.toString(out.routeRefresh()));
            t.row("total", Long.toString(in.total()), Long.toString(out.total()));
            sb.append(t.render());
        }
        return sb.toString();
    }

    private static String capabilities(ApiDocs.Capabilities c) {
        StringBuilder sb = new StringBuilder();
        append(sb, c.fourOctetAs(), "4-octet AS");
        append(sb, c.routeRefresh(), "route refresh");
        append(sb, c.enhancedRouteRefresh(), "enhanced route refresh");
        append(sb, c.extendedMessages(), "extended messages");
        append(sb, c.peerGracefulRestart(), "graceful restart (peer)");
        append(sb, c.addPathReceive() != null && !c.addPathReceive().isEmpty(),
                "add-path receive " + c.addPathReceive());
        append(sb, c.addPathSend() != null && !c.addPathSend().isEmpty(), "add-path send " + c.addPathSend());
        append(sb, c.extendedNextHop() != null && !c.extendedNextHop().isEmpty(),
                "extended next hop " + c.extendedNextHop());
        return sb.isEmpty() ? "-" : sb.toString();
    }

    private static void append(StringBuilder sb, boolean on, String name) {
        if (on) {
            sb.append(sb.isEmpty() ? "" : ", ").append(name);
        }
    }

    private static String notification(FlatnetCtl ctl, ApiDocs.Notification n) {
        if (n == null) {
            return "-";
        }
        return n.description() + (n.shutdownMessage() == null ? "" : " \"" + n.shutdownMessage() + "\"")
                + " at " + ctl.timestamp(n.at());
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append("  ").append(String.format("%-23s", label + ":")).append(value).append('\n');
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
