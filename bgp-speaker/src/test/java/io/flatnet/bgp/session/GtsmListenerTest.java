package io.flatnet.bgp.session;

import static io.flatnet.bgp.session.TwoSpeakers.A;
import static io.flatnet.bgp.session.TwoSpeakers.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 5082 on the listening socket: a SYN whose TTL is below what every configured peer's GTSM
 * allows is dropped by the kernel, so no TCP connection (let alone a byte of BGP) from a peer
 * one hop too far ever exists. On loopback no router decrements the TTL, so the client sets the
 * TTL a router one hop further would have left (254) itself. No root needed.
 */
class GtsmListenerTest {
    private EventLoopGroup clients;
    private BgpSpeaker speaker;

    @BeforeEach
    void start() {
        assumeTrue(Epoll.isAvailable(), "GTSM needs netty epoll, unavailable: " + Epoll.unavailabilityCause());
        clients = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        speaker = BgpSpeaker.start(SpeakerConfig.of(TwoSpeakers.AS_A, io.flatnet.bgp.model.RouterId.parse("1.1.1.1"))
                .withListen(java.util.List.of(A), 0).withIoThreads(1));
        // One hop allowed: segments must arrive with TTL 255.
        speaker.setPeers(Set.of(PeerConfig.builder(B, TwoSpeakers.AS_B).passive(true).ttlSecurityHops(1).build()));
    }

    @AfterEach
    void stop() {
        if (speaker != null) {
            speaker.close();
        }
        if (clients != null) {
            clients.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aSynOneHopTooFarNeverConnects() {
        assertThat(connectWithTtl(254)).as("TCP connect with TTL 254 to a GTSM (1 hop) listener").isFalse();
    }

    @Test
    void aSynFromTheAllowedDistanceConnects() {
        assertThat(connectWithTtl(255)).as("TCP connect with TTL 255").isTrue();
    }

    /** A GTSM peer drops our SYN-ACK unless it, too, leaves with TTL 255. */
    @Test
    void theSynAckOfAGtsmListenerLeavesWithTtl255() {
        assertThat(connectWithTtl(255, 255)).as("TCP connect from a client that itself requires TTL 255").isTrue();
    }

    @Test
    void theListenerCarriesTheSmallestMinimumTtlOfItsPeers() {
        speaker.setPeers(Set.of(
                PeerConfig.builder(B, TwoSpeakers.AS_B).passive(true).ttlSecurityHops(1).build(),
                PeerConfig.builder("127.0.0.3", 65003).passive(true).ttlSecurityHops(3).build()));
        assertThat(connectWithTtl(253)).as("TTL 253 with a 3-hop peer configured").isTrue();
        assertThat(connectWithTtl(252)).as("TTL 252").isFalse();
        // A peer without GTSM: the listener cannot filter any more (the accepted socket still does).
        speaker.setPeers(Set.of(
                PeerConfig.builder(B, TwoSpeakers.AS_B).passive(true).ttlSecurityHops(1).build(),
                PeerConfig.builder("127.0.0.3", 65003).passive(true).build()));
        assertThat(connectWithTtl(64)).as("TTL 64 with a non-GTSM peer configured").isTrue();
    }

    /**
     * The clients of a listen range have no peer until they connect: a range whose template has
     * no GTSM must open the listener to any TTL, or no client's SYN would ever be answered.
     */
    @Test
    void aListenRangeWithoutGtsmOpensTheListenerForItsClients() {
        java.util.List<io.flatnet.bgp.model.IpPrefix> range = java.util.List.of(io.flatnet.bgp.model.IpPrefix.parse("127.0.5.0/24"));
        speaker.setListenRanges(java.util.List.of(ListenRange.of("clients", range, TwoSpeakers.AS_A)));
        assertThat(connectWithTtl(64)).as("TTL 64 with a non-GTSM range configured").isTrue();
        speaker.setListenRanges(java.util.List.of());
        assertThat(connectWithTtl(254)).as("TTL 254 once the range is gone").isFalse();
    }

    /** The agent's default: one wildcard IPv6 socket, IPv4 peers arriving as IPv4-mapped. */
    @Test
    void aDualStackWildcardListenerFiltersIpv4Too() {
        speaker.close();
        speaker = BgpSpeaker.start(SpeakerConfig.of(TwoSpeakers.AS_A, io.flatnet.bgp.model.RouterId.parse("1.1.1.1"))
                .withListen(java.util.List.of(), 0).withIoThreads(1));
        speaker.setPeers(Set.of(PeerConfig.builder(B, TwoSpeakers.AS_B).passive(true).ttlSecurityHops(1).build()));
        assertThat(connectWithTtl(254)).as("TTL 254 to [::]").isFalse();
        assertThat(connectWithTtl(255, 255)).as("TTL 255 to [::], SYN-ACK with 255").isTrue();
    }

    /** Whether a TCP handshake from 127.0.0.2 with outgoing TTL {@code ttl} completes within 1.5 s. */
    private boolean connectWithTtl(int ttl) {
        return connectWithTtl(ttl, 0);
    }

    /** Also with the client's own IP_MINTTL, as a GTSM peer sets it before connecting. */
    private boolean connectWithTtl(int ttl, int clientMinTtl) {
        Bootstrap b = new Bootstrap().group(clients).channel(EpollSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1500)
                .handler(new ChannelInboundHandlerAdapter());
        b.handler(new io.netty.channel.ChannelInitializer<EpollSocketChannel>() {
            @Override
            protected void initChannel(EpollSocketChannel ch) {
                try {
                    SocketOptions.setTtl(ch.fd().intValue(), false, ttl);
                    if (clientMinTtl > 0) {
                        SocketOptions.setMinTtl(ch.fd().intValue(), false, clientMinTtl);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        ChannelFuture f = b.connect(new InetSocketAddress(Addresses.toInet(A), speaker.port()),
                new InetSocketAddress(Addresses.toInet(B), 0));
        f.awaitUninterruptibly();
        boolean connected = f.isSuccess();
        f.channel().close().awaitUninterruptibly();
        return connected;
    }
}
