package io.flatnet.agent;

import io.flatnet.bgp.session.PeerStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The peer table, in the shape of {@code calicoctl node status}, printed to standard output on a
 * timer until the API and {@code flatnetctl} take over this job.
 */
final class StatusPrinter {
    private StatusPrinter() {}

    static ScheduledExecutorService every(Duration interval, java.util.function.Supplier<List<PeerStatus>> peers) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flatnet-status");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> print(peers.get(), System.out), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return timer;
    }

    static void print(List<PeerStatus> peers, PrintStream out) {
        String row = "| %-39s | %-10s | %-11s | %-10s | %-8s | %-40s |%n";
        String rule = "+" + "-".repeat(41) + "+" + "-".repeat(12) + "+" + "-".repeat(13) + "+" + "-".repeat(12) + "+"
                + "-".repeat(10) + "+" + "-".repeat(42) + "+";
        StringBuilder sb = new StringBuilder();
        sb.append(rule).append('\n');
        sb.append(String.format(row, "PEER ADDRESS", "PEER AS", "STATE", "UPTIME", "ROUTES", "INFO"));
        sb.append(rule).append('\n');
        for (PeerStatus p : peers) {
            String info = p.lastStateChangeReason() == null ? "" : p.lastStateChangeReason();
            if (info.length() > 40) {
                info = info.substring(0, 37) + "...";
            }
            sb.append(String.format(row, p.address(), p.remoteAsn(), p.state(), format(p.uptime()),
                    p.prefixesAccepted(), info));
        }
        sb.append(rule);
        out.println(sb);
    }

    private static String format(Duration d) {
        long s = d.toSeconds();
        return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
