package io.flatnet.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ip -n NAMESPACE monitor route}, recording every route the kernel adds, changes or deletes
 * in that namespace while it runs: the way to see that a peer never withdrew a route, not even
 * for a moment between two polls.
 */
final class RouteMonitor implements AutoCloseable {
    private final String namespace;
    private final Path log;
    private final Process process;

    private RouteMonitor(String namespace, Path log, Process process) {
        this.namespace = namespace;
        this.log = log;
        this.process = process;
    }

    static RouteMonitor start(String namespace) throws IOException, InterruptedException {
        Path log = Files.createTempFile("fnt-monitor-" + namespace, ".txt");
        Process p = new ProcessBuilder("ip", "-n", namespace, "monitor", "route").redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Thread.sleep(200); // the netlink subscription is made before the monitor's first read
        if (!p.isAlive()) {
            throw new IllegalStateException("ip monitor route in " + namespace + " exited: " + Files.readString(log));
        }
        return new RouteMonitor(namespace, log, p);
    }

    String namespace() {
        return namespace;
    }

    /** The lines that record a deleted route ({@code Deleted ...}), so far. */
    List<String> deletions() throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("Deleted ")).toList();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
        Files.deleteIfExists(log);
    }
}
