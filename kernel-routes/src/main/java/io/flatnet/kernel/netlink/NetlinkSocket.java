package io.flatnet.kernel.netlink;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.flatnet.kernel.Errno;
import io.flatnet.kernel.KernelException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A NETLINK_ROUTE socket (rtnetlink(7)). It belongs to the network namespace of the thread that
 * opened it, wherever it is used afterwards. One thread uses it at a time: the errno capture and
 * the {@code msghdr} are reused across calls to keep the hot path free of allocation.
 */
final class NetlinkSocket implements AutoCloseable {

    private static final int SOCKADDR_NL_LEN = 12;
    // struct msghdr and struct iovec on LP64 Linux.
    private static final int MSGHDR_LEN = 56;
    private static final int MSG_NAME = 0;
    private static final int MSG_NAMELEN = 8;
    private static final int MSG_IOV = 16;
    private static final int MSG_IOVLEN = 24;
    private static final int MSG_FLAGS = 48;
    private static final int MSG_WAITFORONE = 0x10000;

    private final Arena arena = Arena.ofShared();
    private final int fd;
    private final int portId;
    private final MemorySegment capture;
    private final MemorySegment kernelAddr;
    private final MemorySegment iov;
    private final MemorySegment msghdr;
    private final MemorySegment intValue;
    // recvmmsg(2) state, made on first use: one mmsghdr (msghdr + u32 msg_len, 64 bytes) and one
    // slot of the buffer per datagram.
    static final int SLOTS = 1024;
    static final int SLOT_BYTES = 1024;
    private static final int MMSGHDR_LEN = 64;
    private MemorySegment mmsgVec;
    private MemorySegment mmsgBuf;
    private volatile boolean closed;

    private NetlinkSocket() {
        capture = Libc.newCapture(arena);
        fd = Libc.socket(capture, Rtnl.AF_NETLINK, Rtnl.SOCK_RAW | Rtnl.SOCK_CLOEXEC, Rtnl.NETLINK_ROUTE);
        try {
            MemorySegment local = sockaddr(0);
            Libc.bind(capture, fd, local); // nl_pid 0: the kernel picks a unique port id
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, SOCKADDR_NL_LEN);
            Libc.getsockname(capture, fd, local, len);
            portId = local.get(JAVA_INT, 4);
        } catch (RuntimeException e) {
            Libc.close(capture, fd);
            arena.close();
            throw e;
        }
        kernelAddr = sockaddr(0);
        iov = arena.allocate(16, 8);
        msghdr = arena.allocate(MSGHDR_LEN, 8);
        intValue = arena.allocate(JAVA_INT);
    }

    static NetlinkSocket open() {
        return new NetlinkSocket();
    }

    int portId() {
        return portId;
    }

    /**
     * Sets both buffer sizes, forcing past {@code net.core.[rw]mem_max} when privileged (the
     * kernel doubles the value for its bookkeeping). A large receive buffer is what lets thousands
     * of acknowledgements of one batch queue up without being dropped.
     */
    void setBuffers(int sndbuf, int rcvbuf) {
        if (setInt(Rtnl.SOL_SOCKET, Rtnl.SO_SNDBUFFORCE, sndbuf) != 0) {
            setInt(Rtnl.SOL_SOCKET, Rtnl.SO_SNDBUF, sndbuf);
        }
        if (setInt(Rtnl.SOL_SOCKET, Rtnl.SO_RCVBUFFORCE, rcvbuf) != 0) {
            setInt(Rtnl.SOL_SOCKET, Rtnl.SO_RCVBUF, rcvbuf);
        }
    }

    /** Returns 0 or -errno. */
    int setInt(int level, int name, int value) {
        intValue.set(JAVA_INT, 0, value);
        return Libc.setsockopt(capture, fd, level, name, intValue);
    }

    /** The value of an int socket option (SO_SNDBUF reads back the doubled size the kernel uses). */
    int getInt(int level, int name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment len = a.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, 4);
            Libc.getsockopt(capture, fd, level, name, intValue, len);
            return intValue.get(JAVA_INT, 0);
        }
    }

    void joinGroup(int group) {
        int r = setInt(Rtnl.SOL_NETLINK, Rtnl.NETLINK_ADD_MEMBERSHIP, group);
        if (r != 0) {
            throw new KernelException("join rtnetlink group " + group, new Errno(-r));
        }
    }

    /** A receive timeout, so that a reader thread can notice it should stop. */
    void setReceiveTimeout(int millis) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment tv = a.allocate(16, 8);
            tv.set(JAVA_LONG, 0, millis / 1000);
            tv.set(JAVA_LONG, 8, (millis % 1000) * 1000L);
            Libc.setsockopt(capture, fd, Rtnl.SOL_SOCKET, Rtnl.SO_RCVTIMEO, tv);
        }
    }

    /** Sends {@code len} bytes of {@code buf} to the kernel as one datagram. */
    void send(MemorySegment buf, int len) {
        prepare(buf, len, kernelAddr);
        long r;
        do {
            r = Libc.sendmsg(capture, fd, msghdr, 0);
        } while (r == -4); // EINTR
        if (r < 0) {
            throw new KernelException("netlink sendmsg of " + len + " bytes", new Errno((int) -r));
        }
    }

    /**
     * Receives one datagram into {@code buf}. Returns its length, or -errno (EAGAIN on timeout or
     * with MSG_DONTWAIT, ENOBUFS when the kernel dropped messages for this socket).
     */
    long receive(MemorySegment buf, int flags) {
        prepare(buf, (int) buf.byteSize(), MemorySegment.NULL);
        long r;
        do {
            r = Libc.recvmsg(capture, fd, msghdr, flags);
        } while (r == -4);
        if (r >= 0 && (msghdr.get(JAVA_INT, MSG_FLAGS) & Rtnl.MSG_TRUNC) != 0) {
            throw new IllegalStateException("netlink datagram larger than the " + buf.byteSize() + "-byte buffer");
        }
        return r;
    }

    /**
     * Receives up to {@link #SLOTS} datagrams in one system call, waiting for the first
     * (MSG_WAITFORONE). Returns how many, or -errno. Datagram {@code i} is {@link #slot}{@code (i)};
     * one longer than {@link #SLOT_BYTES} is cut, which is fine for acknowledgements, whose
     * interesting part is their first 20 bytes and the extended-ack text.
     */
    int receiveMany() {
        if (mmsgVec == null) {
            mmsgVec = arena.allocate((long) SLOTS * MMSGHDR_LEN, 8);
            mmsgBuf = arena.allocate((long) SLOTS * SLOT_BYTES, 8);
            MemorySegment iovs = arena.allocate((long) SLOTS * 16, 8);
            for (int i = 0; i < SLOTS; i++) {
                MemorySegment v = iovs.asSlice(i * 16L, 16);
                v.set(ADDRESS, 0, mmsgBuf.asSlice((long) i * SLOT_BYTES, SLOT_BYTES));
                v.set(JAVA_LONG, 8, SLOT_BYTES);
                long h = (long) i * MMSGHDR_LEN;
                mmsgVec.set(ADDRESS, h + MSG_IOV, v);
                mmsgVec.set(JAVA_LONG, h + MSG_IOVLEN, 1);
            }
        }
        int r;
        do {
            r = Libc.recvmmsg(capture, fd, mmsgVec, SLOTS, MSG_WAITFORONE);
        } while (r == -4);
        return r;
    }

    /** Datagram {@code i} of the last {@link #receiveMany()}. */
    MemorySegment slot(int i) {
        int len = mmsgVec.get(JAVA_INT, (long) i * MMSGHDR_LEN + MSGHDR_LEN);
        return mmsgBuf.asSlice((long) i * SLOT_BYTES, Math.min(len, SLOT_BYTES));
    }

    private void prepare(MemorySegment buf, int len, MemorySegment name) {
        iov.set(ADDRESS, 0, buf);
        iov.set(JAVA_LONG, 8, len);
        msghdr.fill((byte) 0);
        msghdr.set(ADDRESS, MSG_NAME, name);
        msghdr.set(JAVA_INT, MSG_NAMELEN, name.equals(MemorySegment.NULL) ? 0 : SOCKADDR_NL_LEN);
        msghdr.set(ADDRESS, MSG_IOV, iov);
        msghdr.set(JAVA_LONG, MSG_IOVLEN, 1);
    }

    private MemorySegment sockaddr(int groups) {
        MemorySegment a = arena.allocate(SOCKADDR_NL_LEN, 4);
        a.set(JAVA_SHORT, 0, (short) Rtnl.AF_NETLINK);
        a.set(JAVA_INT, 4, 0);
        a.set(JAVA_INT, 8, groups);
        return a;
    }

    /** Allocates a buffer that lives as long as this socket. */
    MemorySegment allocate(long bytes) {
        return arena.allocate(bytes, 8);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Arena a = Arena.ofConfined()) {
            Libc.close(Libc.newCapture(a), fd);
        }
        arena.close();
    }
}
