package io.flatnet.kernel.netlink;

import io.flatnet.kernel.KernelException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Moves a thread into a named network namespace ({@code ip netns add NAME} creates
 * /var/run/netns/NAME). A network namespace is per thread, and a socket keeps the namespace it
 * was created in, so a table opened on such a thread programs that namespace from any thread.
 */
public final class NetNamespace {

    private NetNamespace() {}

    /** setns(2) the calling thread into /var/run/netns/{@code name}. */
    public static void enter(String name) {
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("namespace name '" + name + "'");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = Libc.newCapture(a);
            int fd = Libc.open(c, a.allocateFrom("/var/run/netns/" + name), Rtnl.O_RDONLY | Rtnl.O_CLOEXEC);
            try {
                Libc.setns(c, fd, Rtnl.CLONE_NEWNET);
            } finally {
                Libc.close(c, fd);
            }
        } catch (KernelException e) {
            throw new KernelException("enter network namespace " + name + " (" + e.getMessage() + ")", e.errno());
        }
    }
}
