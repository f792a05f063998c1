package io.flatnet.bgp.session;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The netty transport: epoll on Linux when its native library loads, NIO otherwise. Only epoll
 * can set TCP MD5 signatures and reach the socket's file descriptor for TTL options.
 */
record Transport(boolean epoll, IoHandlerFactory ioHandlerFactory, Class<? extends Channel> socketChannel,
        Class<? extends ServerChannel> serverChannel, String unavailabilityCause) {

    static Transport detect() {
        if (Epoll.isAvailable()) {
            return new Transport(true, EpollIoHandler.newFactory(), EpollSocketChannel.class,
                    EpollServerSocketChannel.class, "");
        }
        return new Transport(false, NioIoHandler.newFactory(), NioSocketChannel.class, NioServerSocketChannel.class,
                String.valueOf(Epoll.unavailabilityCause()));
    }

    /** Refuses a peer whose configuration needs socket options that only epoll offers. */
    void requireSupport(PeerConfig peer) {
        if (epoll) {
            return;
        }
        if (peer.md5Password() != null) {
            throw new IllegalStateException("peer " + peer.address() + " needs TCP MD5 (RFC 2385), which only the"
                    + " Linux epoll transport can set, and epoll is unavailable: " + unavailabilityCause);
        }
        if (peer.ttlSecurityHops() > 0 || peer.ttl() > 0) {
            throw new IllegalStateException("peer " + peer.address() + " needs TTL socket options (GTSM or"
                    + " multihop), which need the Linux epoll transport, and epoll is unavailable: " + unavailabilityCause);
        }
    }
}
