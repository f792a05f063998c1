package io.flatnet.kernel.netlink;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import io.flatnet.kernel.KernelRoute;
import io.flatnet.kernel.NextHop;
import io.flatnet.kernel.Prefix;
import io.flatnet.kernel.RouteType;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds and parses route messages: {@code nlmsghdr}, {@code rtmsg}, then {@code rtattr}s, each
 * padded to 4 bytes (rtnetlink(7), RFC 3549 §3.1.1). Integers are in host order, addresses in
 * network order. Works on native memory directly, so a batch is built in the buffer that
 * {@code sendmsg} sends.
 */
final class RouteCodec {

    private RouteCodec() {}

    /** An upper bound of the encoded size of {@code r}, to check room before writing. */
    static int maxLength(KernelRoute r) {
        return 128 + r.nextHops().size() * 32;
    }

    /**
     * Writes one RTM_NEWROUTE or RTM_DELROUTE at {@code off}; returns the offset after it. A delete
     * names only the key and our protocol, so the kernel matches no other protocol's route.
     */
    static int writeRoute(MemorySegment b, int off, int type, int flags, int seq, KernelRoute r) {
        boolean delete = type == Rtnl.RTM_DELROUTE;
        int start = off;
        off = header(b, off, type, flags, seq);
        boolean onLink = r.nextHops().stream().anyMatch(h -> h.gateway().isEmpty());
        int scope = delete ? Rtnl.RT_SCOPE_NOWHERE : onLink ? Rtnl.RT_SCOPE_LINK : Rtnl.RT_SCOPE_UNIVERSE;
        off = rtmsg(b, off, r.destination().isIpv4() ? Rtnl.AF_INET : Rtnl.AF_INET6, r.destination().length(),
                r.table(), r.protocol(), scope, delete ? 0 : r.type().rtnType(), 0);
        off = attrInt(b, off, Rtnl.RTA_TABLE, r.table());
        off = attrBytes(b, off, Rtnl.RTA_DST, r.destination().address().getAddress());
        off = attrInt(b, off, Rtnl.RTA_PRIORITY, r.metric());
        if (!delete) {
            if (r.preferredSource().isPresent()) {
                off = attrBytes(b, off, Rtnl.RTA_PREFSRC, r.preferredSource().get().getAddress());
            }
            List<NextHop> hops = r.nextHops();
            if (hops.size() == 1) {
                NextHop h = hops.getFirst();
                if (h.gateway().isPresent()) {
                    off = attrBytes(b, off, Rtnl.RTA_GATEWAY, h.gateway().get().getAddress());
                }
                if (h.ifindex() != 0) {
                    off = attrInt(b, off, Rtnl.RTA_OIF, h.ifindex());
                }
            } else if (hops.size() > 1) {
                int nest = off;
                off += 4;
                for (NextHop h : hops) {
                    int nh = off;
                    // struct rtnexthop { u16 len; u8 flags; u8 hops; s32 ifindex; }: hops is weight - 1.
                    b.set(JAVA_BYTE, nh + 2, (byte) 0);
                    b.set(JAVA_BYTE, nh + 3, (byte) (h.weight() - 1));
                    b.set(JAVA_INT_UNALIGNED, nh + 4, h.ifindex());
                    off += 8;
                    if (h.gateway().isPresent()) {
                        off = attrBytes(b, off, Rtnl.RTA_GATEWAY, h.gateway().get().getAddress());
                    }
                    b.set(JAVA_SHORT_UNALIGNED, nh, (short) (off - nh));
                }
                b.set(JAVA_SHORT_UNALIGNED, nest, (short) (off - nest));
                b.set(JAVA_SHORT_UNALIGNED, nest + 2, (short) Rtnl.RTA_MULTIPATH);
            }
        }
        b.set(JAVA_INT_UNALIGNED, start, off - start);
        return off;
    }

    /** An RTM_GETROUTE dump request for one family, filtered by table and protocol in the kernel. */
    static int writeDump(MemorySegment b, int off, int seq, int family, int table, int protocol) {
        int start = off;
        off = header(b, off, Rtnl.RTM_GETROUTE, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP, seq);
        off = rtmsg(b, off, family, 0, table, protocol, 0, 0, 0);
        off = attrInt(b, off, Rtnl.RTA_TABLE, table);
        b.set(JAVA_INT_UNALIGNED, start, off - start);
        return off;
    }

    /** An RTM_GETROUTE lookup of one address: what {@code ip route get ADDRESS} asks. */
    static int writeLookup(MemorySegment b, int off, int seq, InetAddress address) {
        int start = off;
        byte[] a = address.getAddress();
        off = header(b, off, Rtnl.RTM_GETROUTE, Rtnl.NLM_F_REQUEST, seq);
        off = rtmsg(b, off, a.length == 4 ? Rtnl.AF_INET : Rtnl.AF_INET6, a.length * 8, 0, 0, 0, 0, 0);
        off = attrBytes(b, off, Rtnl.RTA_DST, a);
        b.set(JAVA_INT_UNALIGNED, start, off - start);
        return off;
    }

    private static int header(MemorySegment b, int off, int type, int flags, int seq) {
        b.set(JAVA_INT_UNALIGNED, off, 0);
        b.set(JAVA_SHORT_UNALIGNED, off + 4, (short) type);
        b.set(JAVA_SHORT_UNALIGNED, off + 6, (short) flags);
        b.set(JAVA_INT_UNALIGNED, off + 8, seq);
        b.set(JAVA_INT_UNALIGNED, off + 12, 0);
        return off + Rtnl.NLMSG_HDRLEN;
    }

    private static int rtmsg(MemorySegment b, int off, int family, int dstLen, int table, int protocol,
            int scope, int type, int flags) {
        b.set(JAVA_BYTE, off, (byte) family);
        b.set(JAVA_BYTE, off + 1, (byte) dstLen);
        b.set(JAVA_BYTE, off + 2, (byte) 0);
        b.set(JAVA_BYTE, off + 3, (byte) 0);
        // Tables above 255 do not fit rtm_table; RTA_TABLE carries the full id.
        b.set(JAVA_BYTE, off + 4, (byte) (Integer.compareUnsigned(table, 255) > 0 ? Rtnl.RT_TABLE_COMPAT : table));
        b.set(JAVA_BYTE, off + 5, (byte) protocol);
        b.set(JAVA_BYTE, off + 6, (byte) scope);
        b.set(JAVA_BYTE, off + 7, (byte) type);
        b.set(JAVA_INT_UNALIGNED, off + 8, flags);
        return off + Rtnl.RTMSG_LEN;
    }

    private static int attrInt(MemorySegment b, int off, int type, int value) {
        b.set(JAVA_SHORT_UNALIGNED, off, (short) 8);
        b.set(JAVA_SHORT_UNALIGNED, off + 2, (short) type);
        b.set(JAVA_INT_UNALIGNED, off + 4, value);
        return off + 8;
    }

    private static int attrBytes(MemorySegment b, int off, int type, byte[] value) {
        int len = 4 + value.length;
        b.set(JAVA_SHORT_UNALIGNED, off, (short) len);
        b.set(JAVA_SHORT_UNALIGNED, off + 2, (short) type);
        MemorySegment.copy(value, 0, b, JAVA_BYTE, off + 4, value.length);
        int end = off + Rtnl.align(len);
        for (int i = off + len; i < end; i++) {
            b.set(JAVA_BYTE, i, (byte) 0);
        }
        return end;
    }

    /**
     * Reads the route message at {@code off} (its {@code nlmsghdr} first). Returns null for what
     * flatnet does not model: local, broadcast, multicast, unreachable routes, routes through
     * gateways of another family, other families.
     */
    static KernelRoute readRoute(MemorySegment b, int off) {
        int len = b.get(JAVA_INT_UNALIGNED, off);
        int p = off + Rtnl.NLMSG_HDRLEN;
        int family = b.get(JAVA_BYTE, p) & 0xff;
        int dstLen = b.get(JAVA_BYTE, p + 1) & 0xff;
        int table = b.get(JAVA_BYTE, p + 4) & 0xff;
        int protocol = b.get(JAVA_BYTE, p + 5) & 0xff;
        int rtnType = b.get(JAVA_BYTE, p + 7) & 0xff;
        if (family != Rtnl.AF_INET && family != Rtnl.AF_INET6) {
            return null;
        }
        RouteType type;
        if (rtnType == Rtnl.RTN_UNICAST) {
            type = RouteType.UNICAST;
        } else if (rtnType == Rtnl.RTN_BLACKHOLE) {
            type = RouteType.BLACKHOLE;
        } else {
            return null;
        }
        int addrLen = family == Rtnl.AF_INET ? 4 : 16;
        byte[] dst = new byte[addrLen];
        InetAddress gateway = null;
        InetAddress prefSrc = null;
        int oif = 0;
        int metric = 0;
        List<NextHop> multipath = null;
        int end = off + len;
        for (int a = p + Rtnl.RTMSG_LEN; a + 4 <= end; ) {
            int alen = b.get(JAVA_SHORT_UNALIGNED, a) & 0xffff;
            int atype = b.get(JAVA_SHORT_UNALIGNED, a + 2) & 0x3fff;
            if (alen < 4 || a + alen > end) {
                break;
            }
            int v = a + 4;
            int vlen = alen - 4;
            switch (atype) {
                case Rtnl.RTA_DST -> {
                    if (vlen != addrLen) {
                        return null;
                    }
                    MemorySegment.copy(b, JAVA_BYTE, v, dst, 0, addrLen);
                }
                case Rtnl.RTA_GATEWAY -> gateway = address(b, v, vlen, addrLen);
                case Rtnl.RTA_PREFSRC -> prefSrc = address(b, v, vlen, addrLen);
                case Rtnl.RTA_OIF -> oif = b.get(JAVA_INT_UNALIGNED, v);
                case Rtnl.RTA_PRIORITY -> metric = b.get(JAVA_INT_UNALIGNED, v);
                case Rtnl.RTA_TABLE -> table = b.get(JAVA_INT_UNALIGNED, v);
                case Rtnl.RTA_VIA -> {
                    return null;
                }
                case Rtnl.RTA_MULTIPATH -> {
                    multipath = readMultipath(b, v, vlen, addrLen);
                    if (multipath == null) {
                        return null;
                    }
                }
                default -> { }
            }
            a += Rtnl.align(alen);
        }
        List<NextHop> hops;
        if (type == RouteType.BLACKHOLE) {
            hops = List.of(); // IPv6 reports a blackhole on "lo"; that is not a next hop
        } else if (multipath != null) {
            hops = multipath;
        } else if (gateway != null || oif != 0) {
            hops = List.of(new NextHop(Optional.ofNullable(gateway), oif, 1));
        } else {
            return null;
        }
        try {
            return new KernelRoute(Prefix.of(dst, dstLen), table, protocol, metric, type, hops,
                    Optional.ofNullable(prefSrc));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<NextHop> readMultipath(MemorySegment b, int off, int len, int addrLen) {
        List<NextHop> hops = new ArrayList<>();
        int end = off + len;
        for (int nh = off; nh + 8 <= end; ) {
            int nhLen = b.get(JAVA_SHORT_UNALIGNED, nh) & 0xffff;
            if (nhLen < 8 || nh + nhLen > end) {
                break;
            }
            int weight = (b.get(JAVA_BYTE, nh + 3) & 0xff) + 1;
            int ifindex = b.get(JAVA_INT_UNALIGNED, nh + 4);
            InetAddress gateway = null;
            for (int a = nh + 8; a + 4 <= nh + nhLen; ) {
                int alen = b.get(JAVA_SHORT_UNALIGNED, a) & 0xffff;
                int atype = b.get(JAVA_SHORT_UNALIGNED, a + 2) & 0x3fff;
                if (alen < 4) {
                    break;
                }
                if (atype == Rtnl.RTA_GATEWAY) {
                    gateway = address(b, a + 4, alen - 4, addrLen);
                } else if (atype == Rtnl.RTA_VIA) {
                    return null;
                }
                a += Rtnl.align(alen);
            }
            if (gateway == null && ifindex == 0) {
                return null;
            }
            hops.add(new NextHop(Optional.ofNullable(gateway), ifindex, weight));
            nh += Rtnl.align(nhLen);
        }
        return hops.isEmpty() ? null : hops;
    }

    private static InetAddress address(MemorySegment b, int off, int len, int addrLen) {
        if (len != addrLen) {
            return null;
        }
        byte[] a = new byte[len];
        MemorySegment.copy(b, JAVA_BYTE, off, a, 0, len);
        try {
            return InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The route message's {@code rtm_type}. */
    static int rtnType(MemorySegment b, int off) {
        return b.get(JAVA_BYTE, off + Rtnl.NLMSG_HDRLEN + 7) & 0xff;
    }
}
