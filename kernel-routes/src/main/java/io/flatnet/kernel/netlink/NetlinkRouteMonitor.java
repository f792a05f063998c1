package io.flatnet.kernel.netlink;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import io.flatnet.kernel.Errno;
import io.flatnet.kernel.KernelRoute;
import io.flatnet.kernel.RouteEvent;
import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to RTNLGRP_IPV4_ROUTE and RTNLGRP_IPV6_ROUTE and hands each route change to a sink, on
 * its own reader thread; the sink passes it to the syncer's owner thread. Notifications carry the
 * port id of the socket whose request caused them, so those of flatnet's own request socket are
 * dropped here: what remains was done by someone else. When the kernel could not queue a
 * notification (ENOBUFS), the sink gets {@link RouteEvent.Overrun} and must resync.
 */
public final class NetlinkRouteMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NetlinkRouteMonitor.class);
    private static final int POLL_MILLIS = 200;
    /** Large, because bursts of foreign changes would otherwise cost a full resync each. */
    static final int DEFAULT_BUFFER = 16 << 20;

    private final NetlinkSocket socket;
    private final int ignorePortId;
    private final Consumer<RouteEvent> sink;
    private final MemorySegment buf;
    private final Thread reader;
    private volatile boolean running = true;

    private NetlinkRouteMonitor(int ignorePortId, Consumer<RouteEvent> sink, int buffer) {
        this.ignorePortId = ignorePortId;
        this.sink = sink;
        socket = NetlinkSocket.open();
        try {
            socket.setBuffers(65536, buffer);
            socket.setReceiveTimeout(POLL_MILLIS);
            socket.joinGroup(Rtnl.RTNLGRP_IPV4_ROUTE);
            socket.joinGroup(Rtnl.RTNLGRP_IPV6_ROUTE);
            buf = socket.allocate(1 << 20);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        reader = Thread.ofPlatform().name("flatnet-route-monitor").daemon().unstarted(this::run);
    }

    /** Subscribes in the calling thread's network namespace and starts reading. */
    static NetlinkRouteMonitor start(int ignorePortId, Consumer<RouteEvent> sink, int buffer) {
        NetlinkRouteMonitor m = new NetlinkRouteMonitor(ignorePortId, sink, buffer);
        m.reader.start();
        return m;
    }

    private void run() {
        while (running) {
            long n = socket.receive(buf, 0);
            if (n == -Errno.EAGAIN.code()) {
                continue;
            }
            if (n == -Errno.ENOBUFS.code()) {
                sink.accept(new RouteEvent.Overrun());
                continue;
            }
            if (n < 0) {
                log.warn("route monitor receive failed: {}", new Errno((int) -n));
                continue;
            }
            dispatch(n);
        }
    }

    private void dispatch(long n) {
        for (int off = 0; off + Rtnl.NLMSG_HDRLEN <= n; ) {
            int mlen = buf.get(JAVA_INT_UNALIGNED, off);
            if (mlen < Rtnl.NLMSG_HDRLEN) {
                break;
            }
            int type = buf.get(JAVA_SHORT_UNALIGNED, off + 4) & 0xffff;
            int pid = buf.get(JAVA_INT_UNALIGNED, off + 12);
            if ((type == Rtnl.RTM_NEWROUTE || type == Rtnl.RTM_DELROUTE) && pid != ignorePortId) {
                KernelRoute r = RouteCodec.readRoute(buf, off);
                if (r != null) {
                    sink.accept(type == Rtnl.RTM_NEWROUTE ? new RouteEvent.Changed(r) : new RouteEvent.Deleted(r));
                }
            }
            off += Rtnl.align(mlen);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
    }
}
