package io.flatnet.kernel.netlink;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.flatnet.kernel.Errno;
import io.flatnet.kernel.KernelException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls netlink needs, as {@code java.lang.foreign} downcalls. Every call captures
 * errno right after the syscall (the JVM may clobber it before Java code could read it otherwise);
 * the caller passes a capture segment of {@link #CAPTURE_LAYOUT}, one per thread.
 */
final class Libc {

    static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");

    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKNAME =
            handle("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SETSOCKOPT =
            handle("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT =
            handle("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SENDMSG = handle("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMSG = handle("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMMSG =
            handle("recvmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle OPEN = handle("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETNS = handle("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private Libc() {}

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, CAPTURE);
    }

    static MemorySegment newCapture(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    static Errno errno(MemorySegment capture) {
        return new Errno((int) ERRNO.get(capture, 0L));
    }

    static int socket(MemorySegment c, int domain, int type, int protocol) {
        try {
            return check(c, (int) SOCKET.invokeExact(c, domain, type, protocol), "socket");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void bind(MemorySegment c, int fd, MemorySegment addr) {
        try {
            check(c, (int) BIND.invokeExact(c, fd, addr, (int) addr.byteSize()), "bind");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void getsockname(MemorySegment c, int fd, MemorySegment addr, MemorySegment lenOut) {
        try {
            check(c, (int) GETSOCKNAME.invokeExact(c, fd, addr, lenOut), "getsockname");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Returns 0, or -errno without throwing, so that callers can fall back (SO_RCVBUFFORCE needs CAP_NET_ADMIN). */
    static int setsockopt(MemorySegment c, int fd, int level, int name, MemorySegment value) {
        try {
            int r = (int) SETSOCKOPT.invokeExact(c, fd, level, name, value, (int) value.byteSize());
            return r < 0 ? -errno(c).code() : 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void getsockopt(MemorySegment c, int fd, int level, int name, MemorySegment value, MemorySegment lenInOut) {
        try {
            check(c, (int) GETSOCKOPT.invokeExact(c, fd, level, name, value, lenInOut), "getsockopt");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Bytes sent, or -errno. */
    static long sendmsg(MemorySegment c, int fd, MemorySegment msghdr, int flags) {
        try {
            long r = (long) SENDMSG.invokeExact(c, fd, msghdr, flags);
            return r < 0 ? -errno(c).code() : r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Bytes received, or -errno. */
    static long recvmsg(MemorySegment c, int fd, MemorySegment msghdr, int flags) {
        try {
            long r = (long) RECVMSG.invokeExact(c, fd, msghdr, flags);
            return r < 0 ? -errno(c).code() : r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Datagrams received (each length in its mmsghdr), or -errno. */
    static int recvmmsg(MemorySegment c, int fd, MemorySegment vec, int vlen, int flags) {
        try {
            int r = (int) RECVMMSG.invokeExact(c, fd, vec, vlen, flags, MemorySegment.NULL);
            return r < 0 ? -errno(c).code() : r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void close(MemorySegment c, int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(c, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int open(MemorySegment c, MemorySegment path, int flags) {
        try {
            return check(c, (int) OPEN.invokeExact(c, path, flags), "open");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void setns(MemorySegment c, int fd, int nstype) {
        try {
            check(c, (int) SETNS.invokeExact(c, fd, nstype), "setns");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static int check(MemorySegment c, int result, String call) {
        if (result < 0) {
            throw new KernelException(call, errno(c));
        }
        return result;
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
