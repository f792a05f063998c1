package io.flatnet.bgp.session;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * {@code setsockopt}/{@code getsockopt} for the integer IP options netty's epoll transport does
 * not expose (TTL, GTSM minimum TTL), called through {@code java.lang.foreign} on the socket's file
 * descriptor. The constants are Linux's (same on x86_64 and arm64). Needs
 * {@code --enable-native-access}.
 */
// Restricted: linking to libc is the point of this class; the JVM flag above grants it.
@SuppressWarnings("restricted")
final class SocketOptions {
    static final int IPPROTO_IP = 0;
    static final int IPPROTO_IPV6 = 41;
    static final int IP_TTL = 2;
    static final int IP_MINTTL = 21;
    static final int IPV6_UNICAST_HOPS = 16;
    static final int IPV6_MINHOPCOUNT = 73;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SETSOCKOPT = LINKER.downcallHandle(
            LINKER.defaultLookup().find("setsockopt").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle GETSOCKOPT = LINKER.downcallHandle(
            LINKER.defaultLookup().find("getsockopt").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS),
            Linker.Option.captureCallState("errno"));

    private SocketOptions() {}

    static void setInt(int fd, int level, int option, int value) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment v = arena.allocateFrom(ValueLayout.JAVA_INT, value);
            int rc = (int) SETSOCKOPT.invokeExact(state, fd, level, option, v, (int) ValueLayout.JAVA_INT.byteSize());
            if (rc != 0) {
                throw new IOException("setsockopt(fd " + fd + ", level " + level + ", option " + option + ", " + value
                        + ") failed: errno " + (int) ERRNO.get(state, 0L));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("setsockopt call failed", t);
        }
    }

    static int getInt(int fd, int level, int option) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, (int) ValueLayout.JAVA_INT.byteSize());
            int rc = (int) GETSOCKOPT.invokeExact(state, fd, level, option, v, len);
            if (rc != 0) {
                throw new IOException("getsockopt(fd " + fd + ", level " + level + ", option " + option
                        + ") failed: errno " + (int) ERRNO.get(state, 0L));
            }
            return v.get(ValueLayout.JAVA_INT, 0);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("getsockopt call failed", t);
        }
    }

    static final int IPPROTO_TCP = 6;
    static final int TCP_INFO = 11;

    /** From {@code struct tcp_info}: bytes the peer acknowledged, segments in flight, bytes not yet sent. */
    record TcpSendState(long bytesAcked, int unackedSegments, long notSentBytes) {}

    /**
     * Reads {@code TCP_INFO}. Offsets are those of Linux's {@code struct tcp_info}: tcpi_unacked
     * at 24, tcpi_bytes_acked at 120 (Linux 4.1+), tcpi_notsent_bytes at 144 (Linux 4.6+).
     */
    static TcpSendState tcpSendState(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment info = arena.allocate(256);
            MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, 256);
            int rc = (int) GETSOCKOPT.invokeExact(state, fd, IPPROTO_TCP, TCP_INFO, info, len);
            if (rc != 0) {
                throw new IOException("getsockopt(fd " + fd + ", TCP_INFO) failed: errno " + (int) ERRNO.get(state, 0L));
            }
            if (len.get(ValueLayout.JAVA_INT, 0) < 148) {
                throw new IOException("TCP_INFO too short (" + len.get(ValueLayout.JAVA_INT, 0) + " bytes): kernel before 4.6");
            }
            return new TcpSendState(info.get(ValueLayout.JAVA_LONG_UNALIGNED, 120), info.get(ValueLayout.JAVA_INT_UNALIGNED, 24),
                    Integer.toUnsignedLong(info.get(ValueLayout.JAVA_INT_UNALIGNED, 144)));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("getsockopt call failed", t);
        }
    }

    /** Sets the outgoing TTL / hop limit for a socket towards a peer of the given family. */
    static void setTtl(int fd, boolean ipv6Peer, int ttl) throws IOException {
        if (ipv6Peer) {
            setInt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, ttl);
        } else {
            setInt(fd, IPPROTO_IP, IP_TTL, ttl);
        }
    }

    /** RFC 5082: drop received segments whose TTL / hop limit is below {@code minTtl}. */
    static void setMinTtl(int fd, boolean ipv6Peer, int minTtl) throws IOException {
        if (ipv6Peer) {
            setInt(fd, IPPROTO_IPV6, IPV6_MINHOPCOUNT, minTtl);
        } else {
            setInt(fd, IPPROTO_IP, IP_MINTTL, minTtl);
        }
    }
}
