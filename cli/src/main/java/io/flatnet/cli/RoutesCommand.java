package io.flatnet.cli;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flatnetctl routes}: the routes received from peers. */
@Command(name = "routes", description = "Routes received from BGP peers (before import policy).",
        mixinStandardHelpOptions = true)
final class RoutesCommand implements Callable<Integer> {
    @ParentCommand
    FlatnetCtl root;

    @Spec
    CommandSpec spec;

    @Option(names = "--peer", paramLabel = "ADDRESS", description = "only from this peer")
    String peer;

    @Option(names = "--family", paramLabel = "ipv4|ipv6", description = "only this address family")
    String family;

    @Override
    public Integer call() {
        if (family != null && !family.equals("ipv4") && !family.equals("ipv6")) {
            throw new CliException(2, "--family " + family + ": expected ipv4 or ipv6");
        }
        List<String> query = new ArrayList<>();
        if (peer != null) {
            query.add("peer=" + URLEncoder.encode(peer, StandardCharsets.UTF_8));
        }
        if (family != null) {
            query.add("family=" + family);
        }
        String path = "/v1/routes" + (query.isEmpty() ? "" : "?" + String.join("&", query));
        List<ApiDocs.Route> routes = root.client().get(path, ApiDocs.Routes.class).routes();
        PrintWriter out = spec.commandLine().getOut();
        out.print(render(routes));
        out.flush();
        return 0;
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
