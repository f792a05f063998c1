package io.flatnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code flatnetctl get routes} (and {@code flatnetctl routes}): the Loc-RIB (every path of each
 * prefix, which one is best and why, whether the prefix is in the kernel or why not), or with
 * {@code --received} the routes as received from the peers. Follows the agent's pages to the end.
 */
@Command(name = "routes", description = {"The routes of this node: for each prefix its paths, the best one and the"
        + " reason it won, the ECMP paths, and whether the route is in the kernel or why not.",
        "With --received: the routes as received from the peers (Adj-RIB-In)."}, mixinStandardHelpOptions = true)
final class RoutesCommand implements Callable<Integer> {
    /** {@link FlatnetCtl} for {@code flatnetctl routes}, {@link GetCommand} for {@code flatnetctl get routes}. */
    @ParentCommand
    Object parent;

    @Mixin
    OutputOption output;

    @Option(names = "--prefix", paramLabel = "CIDR", description = "only this prefix, e.g. 10.1.2.0/24 (exact match)")
    String prefix;

    @Spec
    CommandSpec spec;

    @Option(names = "--peer", paramLabel = "ADDRESS",
            description = "only routes from this peer (without --received: prefixes with a path from it)")
    String peer;

    @Option(names = "--received", description = "the routes as received from the peers (Adj-RIB-In) instead")
    boolean received;

    @Option(names = "--family", paramLabel = "ipv4|ipv6", description = "only this address family")
    String family;

    @Override
    public Integer call() {
        if (family != null && !family.equals("ipv4") && !family.equals("ipv6")) {
            throw new CliException(2, "--family " + family + ": expected ipv4 or ipv6");
        }
        List<String> query = new ArrayList<>();
        query.add("view=" + (received ? "received" : "loc-rib"));
        if (peer != null) {
            query.add("peer=" + URLEncoder.encode(peer, StandardCharsets.UTF_8));
        }
        if (family != null) {
            query.add("family=" + family);
        }
        if (prefix != null) {
            if (!prefix.contains("/")) {
                throw new CliException(2, "--prefix " + prefix + ": expected ADDRESS/LENGTH, e.g. 10.1.2.0/24");
            }
            query.add("prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8));
        }
        String path = "/v1/routes?" + String.join("&", query);
        ApiClient client = GetCommand.root(parent).client();
        JsonNode doc = allPages(client, path);
        PrintWriter out = spec.commandLine().getOut();
        if (output.document()) {
            out.print(output.render(doc));
        } else if (!received) {
            if (!"loc-rib".equals(doc.path("view").asText())) {
                throw new CliException(1, "the agent answered with the '" + doc.path("view").asText() + "' view: it is"
                        + " older than this flatnetctl and has no Loc-RIB view; use --received");
            }
            List<ApiDocs.LocRibRoute> routes = client.convert(doc, ApiDocs.LocRibRoutes.class).routes();
            boolean wide = output.wide();
            if (prefix != null) {
                out.print(wide ? LocRibTable.wide(routes) : LocRibTable.render(routes));
            } else {
                out.print(LocRibTable.byFamily(routes, family == null ? List.of("ipv4", "ipv6") : List.of(family), wide));
            }
        } else {
            List<ApiDocs.Route> routes = client.convert(doc, ApiDocs.Routes.class).routes();
            out.print(output.wide() ? wide(routes) : render(routes));
        }
        out.flush();
        return 0;
    }

    /**
     * The agent's answer with every page: it sends a large table a page at a time ({@code truncated},
     * {@code next}), and this asks for the next page ({@code after=next}) until the last, then gives
     * one document, as the agent would for a table that fits a page, so that {@code -o json} and the
     * tables read the same whatever the size.
     */
    static JsonNode allPages(ApiClient client, String path) {
        JsonNode page = client.getTree(path);
        if (!page.path("truncated").asBoolean(false)) {
            return page;
        }
        ObjectNode all = page.deepCopy();
        ArrayNode routes = all.withArray("routes");
        String after = null;
        while (page.path("truncated").asBoolean(false)) {
            String next = page.path("next").isTextual() ? page.get("next").asText() : null;
            if (next == null || next.equals(after)) {
                throw new CliException(1, "the agent said more routes follow " + (after == null ? "its first page"
                        : after) + " but gave no later prefix to ask from (next: " + next + ")");
            }
            after = next;
            page = client.getTree(path + "&after=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            page.path("routes").forEach(routes::add);
        }
        all.put("truncated", false);
        all.putNull("next");
        return all;
    }

    static String wide(List<ApiDocs.Route> routes) {
        if (routes.isEmpty()) {
            return "No routes received.\n";
        }
        Table t = new Table("PREFIX", "PATH ID", "FAMILY", "NEXT HOP", "PEER", "AS PATH", "ORIGIN", "MED",
                "LOCAL PREF", "COMMUNITIES", "LARGE COMMUNITIES", "EXTENDED COMMUNITIES");
        for (ApiDocs.Route r : routes) {
            t.row(r.prefix(), Long.toString(r.pathId()), r.family(), r.nextHop(), r.peer(),
                    r.asPath() == null || r.asPath().isEmpty() ? "-" : r.asPath(),
                    r.origin() == null ? "-" : r.origin(), r.med() == null ? "-" : r.med().toString(),
                    r.localPref() == null ? "-" : r.localPref().toString(), join(r.communities()),
                    join(r.largeCommunities()), join(r.extendedCommunities()));
        }
        return t.render();
    }

    static String join(List<String> values) {
        return values == null || values.isEmpty() ? "-" : String.join(" ", values);
    }

    static String render(List<ApiDocs.Route> routes) {
        if (routes.isEmpty()) {
            return "No routes received.\n";
        }
        Table t = new Table("PREFIX", "NEXT HOP", "PEER", "AS PATH", "ORIGIN", "COMMUNITIES");
        for (ApiDocs.Route r : routes) {
            List<String> communities = new ArrayList<>();
            if (r.communities() != null) {
                communities.addAll(r.communities());
            }
            if (r.largeCommunities() != null) {
                communities.addAll(r.largeCommunities());
            }
            if (r.extendedCommunities() != null) {
                communities.addAll(r.extendedCommunities());
            }
            t.row(r.prefix() + (r.pathId() != 0 ? " (path " + r.pathId() + ")" : ""), r.nextHop(), r.peer(),
                    r.asPath() == null || r.asPath().isEmpty() ? "-" : r.asPath(),
                    r.origin() == null ? "-" : r.origin(), String.join(" ", communities));
        }
        return t.render();
    }
}
