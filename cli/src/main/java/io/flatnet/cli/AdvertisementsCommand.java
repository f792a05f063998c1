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

/** {@code flatnetctl get advertisements}: the prefixes this node originates. */
@Command(name = "advertisements", aliases = "advertisement",
        description = "The prefixes this node advertises (its pod CIDR blocks, service ranges), why, and the"
                + " communities they carry.",
        mixinStandardHelpOptions = true)
final class AdvertisementsCommand implements Callable<Integer> {
    @ParentCommand
    GetCommand get;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        ApiClient client = get.root.client();
        JsonNode doc = client.getTree("/v1/advertisements");
        PrintWriter out = spec.commandLine().getOut();
        if (output.document()) {
            out.print(output.render(doc));
        } else {
            List<ApiDocs.Advertisement> ads = client.convert(doc, ApiDocs.Advertisements.class).advertisements();
            out.print(output.wide() ? wide(ads) : table(ads));
        }
        out.flush();
        return 0;
    }

    static String table(List<ApiDocs.Advertisement> ads) {
        if (ads.isEmpty()) {
            return "No prefixes advertised.\n";
        }
        Table t = new Table("PREFIX", "SOURCE", "COMMUNITIES");
        for (ApiDocs.Advertisement a : ads) {
            List<String> all = new ArrayList<>();
            if (a.communities() != null) {
                all.addAll(a.communities());
            }
            if (a.largeCommunities() != null) {
                all.addAll(a.largeCommunities());
            }
            t.row(a.prefix(), a.source(), RoutesCommand.join(all));
        }
        return t.render();
    }

    static String wide(List<ApiDocs.Advertisement> ads) {
        if (ads.isEmpty()) {
            return "No prefixes advertised.\n";
        }
        Table t = new Table("PREFIX", "FAMILY", "SOURCE", "COMMUNITIES", "LARGE COMMUNITIES");
        for (ApiDocs.Advertisement a : ads) {
            t.row(a.prefix(), a.family(), a.source(), RoutesCommand.join(a.communities()),
                    RoutesCommand.join(a.largeCommunities()));
        }
        return t.render();
    }
}
