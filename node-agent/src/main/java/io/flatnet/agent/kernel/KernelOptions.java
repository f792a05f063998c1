package io.flatnet.agent.kernel;

import io.flatnet.kernel.KernelRoute;
import java.time.Duration;
import java.util.Objects;

/**
 * How the agent programs the kernel.
 *
 * @param table       routing table id (254 is {@code main})
 * @param protocol    {@code rtm_protocol} of our routes: 186, which {@code ip route} shows as {@code proto bgp}
 * @param metric      {@code RTA_PRIORITY} of our routes (0; the kernel stores 1024 for IPv6)
 * @param restartTime after a restart that adopted routes, the longest the stale ones are kept
 *                    waiting for End-of-RIB; also the speaker's selection deferral
 * @param flushDelay  how long best-path changes are coalesced before one batch goes to the kernel
 * @param batchSize   a batch goes out at once when this many changes are waiting
 */
public record KernelOptions(int table, int protocol, int metric, Duration restartTime, Duration flushDelay,
        int batchSize) {

    public static final Duration DEFAULT_RESTART_TIME = Duration.ofSeconds(120);
    public static final KernelOptions DEFAULT = new KernelOptions(KernelRoute.MAIN_TABLE, KernelRoute.PROTO_BGP, 0,
            DEFAULT_RESTART_TIME, Duration.ofMillis(5), 4096);

    public KernelOptions {
        if (table == 0) {
            throw new IllegalArgumentException("--kernel-table 0 is not a table (RT_TABLE_UNSPEC); main is 254");
        }
        if (protocol < 1 || protocol > 255) {
            throw new IllegalArgumentException("--kernel-protocol " + protocol + ": 1..255 (186 is bgp)");
        }
        Objects.requireNonNull(restartTime, "restartTime");
        if (restartTime.isNegative()) {
            throw new IllegalArgumentException("--kernel-restart-time " + restartTime + ": 0 or more seconds");
        }
        Objects.requireNonNull(flushDelay, "flushDelay");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize);
        }
    }

    public KernelOptions withTable(int value) {
        return new KernelOptions(value, protocol, metric, restartTime, flushDelay, batchSize);
    }

    public KernelOptions withProtocol(int value) {
        return new KernelOptions(table, value, metric, restartTime, flushDelay, batchSize);
    }

    public KernelOptions withMetric(int value) {
        return new KernelOptions(table, protocol, value, restartTime, flushDelay, batchSize);
    }

    public KernelOptions withRestartTime(Duration value) {
        return new KernelOptions(table, protocol, metric, value, flushDelay, batchSize);
    }

    public KernelOptions withFlushDelay(Duration value) {
        return new KernelOptions(table, protocol, metric, restartTime, value, batchSize);
    }
}
