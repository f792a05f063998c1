package io.flatnet.bgp.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Why the kernel refused a TCP MD5 key, in words an operator can act on. Linux charges every key
 * on a socket (about {@value #BYTES_PER_KEY} bytes each) to that socket's option memory, capped
 * by the sysctl {@code net.core.optmem_max} (per network namespace since Linux 6.9); the listener
 * holds one key per peer, so with many peers the cap is what fails, as a bare
 * "Cannot allocate memory".
 */
final class Md5KeyLimit {
    static final String SYSCTL = "net.core.optmem_max";
    static final Path PROC = Path.of("/proc/sys/net/core/optmem_max");
    /** kmalloc-128 for struct tcp_md5sig_key (an 80-byte key, the address and list links). */
    static final int BYTES_PER_KEY = 128;

    private Md5KeyLimit() {}

    /** The failure's text, naming the sysctl and a value that fits when it is memory that ran out. */
    static String explain(Throwable failure, int keys) {
        return explain(failure, keys, readLimit());
    }

    static String explain(Throwable failure, int keys, OptionalLong optmemMax) {
        String text = String.valueOf(failure.getMessage());
        if (!text.contains("Cannot allocate memory") && !text.contains("ENOMEM")) {
            return failure.toString();
        }
        long needed = (long) keys * BYTES_PER_KEY * 2; // headroom for the socket's other options
        return text + ": the kernel's " + SYSCTL + " ("
                + (optmemMax.isPresent() ? optmemMax.getAsLong() + " bytes" : "unknown")
                + ") is too low for " + keys + " keys of about " + BYTES_PER_KEY + " bytes each; raise it, e.g."
                + " sysctl -w " + SYSCTL + "=" + Math.max(needed, 131072);
    }

    static OptionalLong readLimit() {
        // Line by line: Files.readString on this procfs file returned "4" for 4096 (JDK 25, Linux 6.18).
        try (var reader = Files.newBufferedReader(PROC)) {
            return OptionalLong.of(Long.parseLong(reader.readLine().trim()));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
