package io.flatnet.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ping -i 0.1 -c COUNT} from a pod's namespace, running in the background: ten echo
 * requests a second, so a gap in forwarding of more than 100 ms shows as a lost reply.
 */
final class ContinuousPing implements AutoCloseable {
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    private final String label;
    private final Path log;
    private final Process process;

    record Result(String label, int transmitted, int received, String output) {
        int lost() {
            return transmitted - received;
        }
    }

    private ContinuousPing(String label, Path log, Process process) {
        this.label = label;
        this.log = log;
        this.process = process;
    }

    /** Pings for {@code duration} (a count of duration / 100 ms). */
    static ContinuousPing start(String namespace, String address, Duration duration) throws IOException {
        String family = address.contains(":") ? "-6" : "-4";
        long count = duration.toMillis() / 100;
        Path log = Files.createTempFile("fnt-ping", ".txt");
        Process p = new ProcessBuilder("ip", "netns", "exec", namespace, "ping", family, "-n", "-i", "0.1", "-W", "1",
                "-c", String.valueOf(count), address).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ContinuousPing(namespace + " -> " + address, log, p);
    }

    /** Waits for the last echo request and its reply. */
    Result await(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroy();
            throw new AssertionError(label + ": ping did not finish within " + timeout);
        }
        String out = Files.readString(log);
        Matcher m = SUMMARY.matcher(out);
        if (!m.find()) {
            throw new AssertionError(label + ": no ping summary in its output:\n" + out);
        }
        return new Result(label, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), out);
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(log);
    }
}
