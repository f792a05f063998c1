package io.flatnet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flatnetctl health}: the agent's liveness and readiness with their reasons; exit 0 only when both are ok. */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Liveness (/livez: the event loops and the RIB answer) and readiness (/readyz: the BGP"
                + " sessions are up) with their reasons. Exit code 0 when both are ok, else 1.")
final class HealthCommand implements Callable<Integer> {
    @ParentCommand
    FlatnetCtl root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ApiClient client = root.client();
        Check live = check(client, "/livez");
        Check ready = check(client, "/readyz");
        PrintWriter out = spec.commandLine().getOut();
        out.printf("livez:  %-4s  %s%n", live.status(), live.reason());
        out.printf("readyz: %-4s  %s%n", ready.status(), ready.reason());
        out.flush();
        return live.ok() && ready.ok() ? 0 : 1;
    }

    record Check(boolean ok, String status, String reason) {}

    private static Check check(ApiClient client, String path) {
        ApiClient.Answer a = client.raw(path);
        String status = a.status() == 200 ? "ok" : "fail";
        String reason;
        try {
            ApiDocs.Health h = new ObjectMapper().readValue(a.body(), ApiDocs.Health.class);
            status = h.status() != null ? h.status() : status;
            reason = h.reason() != null ? h.reason() : "HTTP " + a.status();
        } catch (IOException e) {
            reason = "HTTP " + a.status() + ": " + new String(a.body(), StandardCharsets.UTF_8).strip();
        }
        return new Check(a.status() == 200 && status.equals("ok"), status, reason);
    }
}
