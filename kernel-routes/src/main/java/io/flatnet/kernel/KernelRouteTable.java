package io.flatnet.kernel;

import java.net.InetAddress;
import java.util.List;

/**
 * The kernel's routing tables as flatnet uses them. Implementations are used by one thread at a
 * time (the syncer's owner).
 */
public interface KernelRouteTable extends AutoCloseable {

    /** The unicast and blackhole routes of {@code protocol} in {@code table}, both families. */
    List<KernelRoute> dump(int table, int protocol);

    /**
     * Applies the requests in order, batched as the implementation sees fit. A refused request is
     * reported in the result; the others still apply.
     */
    BatchResult apply(List<? extends RouteOp> ops);

    /** How the kernel would forward to {@code gateway} now. */
    Resolution resolve(InetAddress gateway);

    @Override
    void close();
}
