package io.flatnet.bgp.session;

import io.flatnet.bgp.model.IpAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;

/** Conversions between the model's addresses and the JDK's, at the socket boundary only. */
final class Addresses {
    private static final long V4_MAPPED_HIGH = 0L;
    private static final long V4_MAPPED_LOW_PREFIX = 0x0000_FFFF_0000_0000L;

    private Addresses() {}

    /** The address of a socket; IPv4-mapped IPv6 addresses (dual-stack sockets) become IPv4. */
    static IpAddress of(SocketAddress socketAddress) {
        if (!(socketAddress instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            throw new IllegalArgumentException("not an IP socket address: " + socketAddress);
        }
        return of(inet.getAddress());
    }

    static IpAddress of(InetAddress address) {
        IpAddress a = IpAddress.fromBytes(address.getAddress());
        if (!a.isV4() && a.high() == V4_MAPPED_HIGH && (a.low() & 0xFFFF_FFFF_0000_0000L) == V4_MAPPED_LOW_PREFIX) {
            return IpAddress.v4((int) a.low());
        }
        return a;
    }

    static InetAddress toInet(IpAddress address) {
        try {
            return InetAddress.getByAddress(address.toBytes()); // a literal: never resolves
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always a valid address", e);
        }
    }

    /** ::ffff:a.b.c.d, the IPv6 next hop some speakers use for IPv6 routes over IPv4 sessions. */
    static IpAddress v4Mapped(IpAddress v4) {
        return IpAddress.v6(V4_MAPPED_HIGH, V4_MAPPED_LOW_PREFIX | (v4.low() & 0xFFFF_FFFFL));
    }
}
