package io.flatnet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flatnetctl version}: this client's version and, when the agent answers, the agent's. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "The flatnetctl version and, when the agent answers, the agent's version (from /v1/status).")
final class VersionCommand implements Callable<Integer> {
    static final String CLIENT_VERSION = load();

    @ParentCommand
    FlatnetCtl root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Client Version:  " + CLIENT_VERSION);
        out.println("API Version:     v1");
        String agent;
        try {
            ApiDocs.Status s = root.client().get("/v1/status", ApiDocs.Status.class);
            agent = (s.version() == null ? "unknown (an agent older than this client)" : s.version())
                    + (s.nodeName() == null ? "" : " on node " + s.nodeName());
        } catch (CliException e) {
            agent = "unavailable: " + e.getMessage();
        }
        out.println("Agent Version:   " + agent);
        out.flush();
        return 0;
    }

    /** {@code flatnetctl --version}. */
    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"flatnetctl " + CLIENT_VERSION + " (API v1)"};
        }
    }

    private static String load() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
