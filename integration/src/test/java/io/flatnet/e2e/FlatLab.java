package io.flatnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flatnet.lab.junit.LabEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * One {@code bin/flatnet-lab} lab, brought up under a fresh namespace prefix and its default state
 * dir ({@code /run/flatnet-lab/PREFIX}: FRR's zebra runs as user frr and must reach it), and taken
 * down by {@link #close()}, which asserts that no namespace, process or state is left. A test class
 * shares one lab between its tests where they can run one after the other on it.
 *
 * <p>The prefix is {@code $FLATNET_E2E_PREFIX} (default {@code fnt}) and four random hex digits, so
 * labs of concurrent runs and a user's own lab ({@code fnlab}) never meet.
 */
final class FlatLab implements AutoCloseable {
    static final int PODS_PER_NODE = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int code, String out, String err) {}

    private final Path root;
    private final String prefix;
    private final Path state;
    private final List<Long> pids = new ArrayList<>();
    private JsonNode report;

    private FlatLab(Path root, String prefix) {
        this.root = root;
        this.prefix = prefix;
        this.state = Path.of("/run/flatnet-lab", prefix);
    }

    /**
     * {@code bin/flatnet-lab up OPTIONS --json} and asserts the network is flat: every pod answers
     * every other pod and the external host in every family, and no tunnel device exists. On any
     * failure the lab is taken down before the error is thrown.
     */
    static FlatLab up(String... options) throws Exception {
        Path root = repositoryRoot();
        assumeRunnable(root);
        String base = System.getenv().getOrDefault("FLATNET_E2E_PREFIX", "fnt");
        FlatLab lab = new FlatLab(root, base + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt(), 4));
        try {
            List<String> command = new ArrayList<>(List.of("up"));
            command.addAll(List.of(options));
            command.addAll(List.of("--timeout", "90", "--json", "--no-build"));
            Run up = lab.lab(Duration.ofSeconds(200), command.toArray(String[]::new));
            System.out.println(up.err());
            lab.pids.addAll(lab.recordedPids());
            lab.report = JSON.readTree(up.out());
            assertFlat(lab.report);
            assertThat(up.code()).as("exit code of up").isZero();
            return lab;
        } catch (Throwable t) {
            try {
                lab.close();
            } catch (Throwable c) {
                t.addSuppressed(c);
            }
            throw t;
        }
    }

    /** Every pod answers every other pod and the external host answers every pod, in each family. */
    static void assertFlat(JsonNode report) {
        int pods = report.get("nodeList").size() * PODS_PER_NODE;
        int families = report.get("ipv6").asBoolean() ? 2 : 1;
        assertThat(report.get("pings")).hasSize(families * (pods * (pods - 1) + pods));
        List<String> unreached = new ArrayList<>();
        report.get("pings").forEach(p -> {
            if (!p.get("ok").asBoolean()) {
                unreached.add(p.get("family").asText() + " " + p.get("from").asText() + " -> " + p.get("to").asText());
            }
        });
        assertThat(unreached).as("pings not answered (the lab's report is printed above)").isEmpty();
        assertThat(report.get("tunnels")).as("tunnel devices").isEmpty();
        assertThat(report.get("flat").asBoolean()).isTrue();
    }

    JsonNode report() {
        return report;
    }

    String prefix() {
        return prefix;
    }

    /** A namespace of the lab: {@code ns("node-1")} is {@code PREFIX-node-1}. */
    String ns(String name) {
        return prefix + "-" + name;
    }

    Path stateDir() {
        return state;
    }

    JsonNode node(int n) {
        return report.get("nodeList").get(n - 1);
    }

    /** {@code bin/flatnet-lab COMMAND ARGS --prefix PREFIX}. */
    Run lab(Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(root.resolve("bin/flatnet-lab").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--prefix", prefix));
        return run(timeout, command.toArray(String[]::new));
    }

    /** {@code bin/flatnet-lab status --json}: the report again, with a fresh ping matrix. */
    JsonNode status() throws Exception {
        Run status = lab(Duration.ofSeconds(120), "status", "--json");
        System.out.println(status.err());
        return JSON.readTree(status.out());
    }

    /** {@code flatnetctl --socket NODE'S SOCKET ARGS}, which must succeed. */
    JsonNode flatnetctlJson(int node, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(root.resolve("bin/flatnetctl").toString(), "--socket",
                node(node).get("socket").asText()));
        command.addAll(List.of(args));
        command.addAll(List.of("-o", "json"));
        Run r = run(Duration.ofSeconds(30), command.toArray(String[]::new));
        assertThat(r.code()).as(String.join(" ", command) + ": " + r.err()).isZero();
        return JSON.readTree(r.out());
    }

    Run flatnetctl(int node, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(root.resolve("bin/flatnetctl").toString(), "--socket",
                node(node).get("socket").asText()));
        command.addAll(List.of(args));
        return run(Duration.ofSeconds(30), command.toArray(String[]::new));
    }

    /** The routes of {@code protocol} in a namespace's main table, IPv4 and IPv6, one per line. */
    String routes(String namespace, String protocol) throws Exception {
        return run(Duration.ofSeconds(10), "ip", "-n", namespace, "route", "show", "proto", protocol).out()
                + run(Duration.ofSeconds(10), "ip", "-6", "-n", namespace, "route", "show", "proto", protocol).out();
    }

    /** True when some route line of {@code routes} is for {@code prefix}. */
    static boolean hasRoute(String routes, String prefix) {
        return routes.lines().anyMatch(l -> l.startsWith(prefix + " ") || l.startsWith("blackhole " + prefix + " "));
    }

    void ip(String... args) throws Exception {
        Run r = run(Duration.ofSeconds(10), prepend("ip", args));
        assertThat(r.code()).as("ip " + String.join(" ", args) + ": " + r.err()).isZero();
    }

    /** A condition polled by {@link #await}. */
    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls until {@code done} holds, every 50 ms; returns the time it took, or fails after {@code deadline}. */
    static Duration await(Duration deadline, String what, Condition done) throws Exception {
        long start = System.nanoTime();
        while (!done.holds()) {
            if (System.nanoTime() - start > deadline.toNanos()) {
                fail(what + ": not within " + deadline);
            }
            Thread.sleep(50);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The PIDs recorded in the state dir by process name (node-1, bird, ...), the latest per name. */
    Map<String, Long> recordedPidsByName() throws IOException {
        Map<String, Long> out = new TreeMap<>();
        Path file = state.resolve("pids");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 2) {
                    out.put(f[0], Long.parseLong(f[1]));
                }
            }
        }
        return out;
    }

    private List<Long> recordedPids() throws IOException {
        return List.copyOf(recordedPidsByName().values());
    }

    /** {@code down}, then asserts that no namespace, recorded process or state is left. */
    @Override
    public void close() throws Exception {
        pids.addAll(recordedPids()); // an agent restarted by a test has a new PID
        Run down = lab(Duration.ofSeconds(60), "down");
        System.out.println(down.out() + down.err());
        assertThat(namespaces()).as("namespaces left after down").isEmpty();
        assertThat(pids).as("processes left after down")
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertThat(state).as("state dir after down").doesNotExist();
    }

    private List<String> namespaces() throws Exception {
        return run(Duration.ofSeconds(10), "ip", "netns", "list").out().lines()
                .map(l -> l.split("\\s+")[0]).filter(n -> n.startsWith(prefix + "-")).toList();
    }

    /** The script and both launchers need the jars under the default build dir, {@code target}. */
    private static void assumeRunnable(Path root) {
        List<String> missing = new ArrayList<>();
        for (String module : List.of("node-agent", "cli")) {
            try (var files = Files.list(root.resolve(module).resolve("target"))) {
                if (files.noneMatch(f -> f.getFileName().toString().matches(module + "-.*\\.jar"))) {
                    missing.add(module + "/target/" + module + "-*.jar");
                }
            } catch (IOException e) {
                missing.add(module + "/target/" + module + "-*.jar");
            }
        }
        if (!Files.isExecutable(Path.of("/usr/bin/ping")) && !Files.isExecutable(Path.of("/bin/ping"))) {
            missing.add("ping (apt-get install iputils-ping)");
        }
        if (!missing.isEmpty()) {
            String why = "bin/flatnet-lab cannot run: missing " + String.join(", ", missing)
                    + " (the launchers use the default build dir, target)";
            if (LabEnvironment.inCi()) {
                fail(why + " (CI=true, so this fails instead of skipping)");
            }
            Assumptions.abort(why);
        }
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin/flatnet-lab"))) {
                return p;
            }
        }
        throw new IllegalStateException("bin/flatnet-lab not found above " + Path.of("").toAbsolutePath());
    }

    private static String[] prepend(String first, String... rest) {
        String[] out = new String[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    /** Runs a command with its output in files (the lab's daemons never hold a pipe of ours). */
    static Run run(Duration timeout, String... command) throws Exception {
        Path base = Files.createTempDirectory("fnt-run");
        Path out = base.resolve("out");
        Path err = base.resolve("err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + "\n"
                        + Files.readString(err));
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            Files.delete(base);
        }
    }
}
