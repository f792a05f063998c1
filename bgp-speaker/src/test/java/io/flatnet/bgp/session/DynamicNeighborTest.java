package io.flatnet.bgp.session;

import static io.flatnet.bgp.session.TwoSpeakers.await;
import static io.flatnet.bgp.session.TwoSpeakers.awaitRoutes;
import static io.flatnet.bgp.session.TwoSpeakers.awaitState;
import static io.flatnet.bgp.session.TwoSpeakers.awaitStatus;
import static io.flatnet.bgp.session.TwoSpeakers.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dynamic neighbours over TCP on loopback: a hub speaker on 127.0.0.1 with listen ranges, and
 * spokes that connect from other 127.x addresses with the hub as an ordinary configured peer.
 */
class DynamicNeighborTest {
    private static final Asn AS = Asn.of(64512);
    private static final IpAddress HUB = IpAddress.parse("127.0.0.1");
    private static final IpPrefix SPOKES = IpPrefix.parse("127.0.2.0/24");

    private final BgpSpeaker hub = BgpSpeaker.start(
            SpeakerConfig.of(AS, RouterId.parse("100.64.0.1")).withListen(List.of(HUB), 0).withIoThreads(2));
    private final List<BgpSpeaker> spokes = new ArrayList<>();

    @AfterEach
    void close() {
        spokes.forEach(BgpSpeaker::close);
        hub.close();
    }

    private static ListenRange range(String name, IpPrefix prefix) {
        return range(name, prefix, Duration.ofSeconds(9), null);
    }

    private static ListenRange range(String name, IpPrefix prefix, Duration holdTime, Duration restartTime) {
        PeerConfig template = ListenRange.defaultTemplate(List.of(prefix), AS).policy(PeerPolicy.defaults())
                .holdTime(holdTime).gracefulRestartTime(restartTime).build();
        return new ListenRange(name, List.of(prefix), AS, template);
    }

    /** A speaker on {@code address} (connect-only) with the hub as its one iBGP peer. */
    private BgpSpeaker spoke(String address) {
        return spoke(address, SpeakerConfig.of(AS, RouterId.parse(address.replace("127.", "100."))), null);
    }

    /** As {@link #spoke(String)}, with {@code config}'s restart state and graceful restart towards the hub. */
    private BgpSpeaker spoke(String address, SpeakerConfig config, Duration restartTime) {
        IpAddress local = IpAddress.parse(address);
        BgpSpeaker s = BgpSpeaker.start(config.withoutListener().withIoThreads(1));
        spokes.add(s);
        s.setPeers(Set.of(PeerConfig.builder(HUB, AS).port(hub.port()).sourceAddress(local)
                .backoff(TwoSpeakers.FAST).policy(PeerPolicy.defaults()).gracefulRestartTime(restartTime).build()));
        return s;
    }

    private int hubPrefixes() {
        return hub.rib().query(r -> r.locRib(io.flatnet.bgp.model.Afi.IPV4).prefixCount()).join();
    }

    @Test
    void aConnectionFromInsideARangeBecomesADynamicPeerThatExchangesRoutes() {
        hub.setListenRanges(List.of(range("spokes", SPOKES)));
        hub.setAdvertisements(Set.of(Advertisement.of("100.65.0.0/24")));
        IpAddress address = IpAddress.parse("127.0.2.7");
        BgpSpeaker spoke = spoke("127.0.2.7");
        spoke.setAdvertisements(Set.of(Advertisement.of("100.65.7.0/24")));

        awaitState(spoke, HUB, SessionState.ESTABLISHED);
        PeerStatus atHub = awaitStatus(hub, address, s -> s.state() == SessionState.ESTABLISHED);
        assertThat(atHub.dynamic()).isTrue();
        assertThat(atHub.listenRange()).contains("spokes");
        assertThat(atHub.remoteAsn()).isEqualTo(AS);
        assertThat(atHub.holdTime()).isEqualTo(Duration.ofSeconds(9)); // the template's, not the default 90
        assertThat(status(spoke, HUB).dynamic()).isFalse();

        awaitRoutes(hub, address, AddressFamily.IPV4_UNICAST,
                l -> l.size() == 1 && l.getFirst().prefix().equals(IpPrefix.parse("100.65.7.0/24")));
        awaitRoutes(spoke, HUB, AddressFamily.IPV4_UNICAST,
                l -> l.size() == 1 && l.getFirst().prefix().equals(IpPrefix.parse("100.65.0.0/24")));
    }

    @Test
    void aConnectionFromOutsideEveryRangeIsClosedAtOnce() {
        hub.setListenRanges(List.of(range("spokes", SPOKES)));
        BgpSpeaker stranger = spoke("127.0.3.1");
        awaitStatus(stranger, HUB, s -> s.lastError().contains("closed") || s.lastError().contains("failed"));
        assertThat(status(stranger, HUB).received().open()).isZero();
        assertThat(hub.peers()).isEmpty();
    }

    @Test
    void aRangeAtItsLimitClosesFurtherConnectionsAndTakesThemAgainOnceAPeerLeaves() {
        hub.setListenRanges(List.of(range("spokes", SPOKES).withLimit(1)));
        IpAddress first = IpAddress.parse("127.0.2.30");
        IpAddress second = IpAddress.parse("127.0.2.31");
        BgpSpeaker one = spoke("127.0.2.30");
        awaitStatus(hub, first, s -> s.state() == SessionState.ESTABLISHED);

        BgpSpeaker two = spoke("127.0.2.31");
        awaitStatus(two, HUB, s -> s.lastError().contains("closed") || s.lastError().contains("failed"));
        assertThat(status(two, HUB).received().open()).isZero();
        assertThat(hub.peers()).extracting(PeerStatus::address).containsExactly(first);

        one.setPeers(Set.of()); // the first leaves: the range has room again
        awaitStatus(hub, second, s -> s.state() == SessionState.ESTABLISHED);
        assertThat(hub.peers()).extracting(PeerStatus::address).containsExactly(second);
    }

    @Test
    void aDynamicPeerWhoseConnectionCannotBeRegisteredIsDropped() throws Exception {
        hub.setListenRanges(List.of(range("spokes", SPOKES)));
        // A connection from inside the range that is closed before its peer's loop can take it.
        try (java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open()
                .bind(new java.net.InetSocketAddress("127.0.0.1", 0));
                java.nio.channels.SocketChannel client = java.nio.channels.SocketChannel.open()
                        .bind(new java.net.InetSocketAddress("127.0.2.40", 0))) {
            client.connect(server.getLocalAddress());
            io.netty.channel.Channel child = new io.netty.channel.socket.nio.NioSocketChannel(server.accept());
            assertThat(child.remoteAddress()).isNotNull(); // read once: the channel keeps it past its close
            child.unsafe().closeForcibly();

            hub.accepted(child);
        }
        await("the hub to drop the peer it made for the lost connection", hub::peers, List::isEmpty);
    }

    @Test
    void aConnectionGivenBackByAnEndedPeerGetsAFreshPeerOnTheLoopItIsRegisteredOn() throws Exception {
        hub.setListenRanges(List.of(range("spokes", SPOKES)));
        // A listener of the test's own stands in for the hub's: its connections arrive registered
        // and not reading, as one an ended dynamic peer gives back (Peer.accept -> acceptAgain).
        Transport transport = Transport.detect();
        io.netty.channel.EventLoopGroup group = new io.netty.channel.MultiThreadIoEventLoopGroup(1,
                transport.ioHandlerFactory());
        java.util.concurrent.CompletableFuture<io.netty.channel.Channel> given = new java.util.concurrent.CompletableFuture<>();
        try {
            io.netty.channel.Channel server = new io.netty.bootstrap.ServerBootstrap().group(group)
                    .channel(transport.serverChannel()).childOption(io.netty.channel.ChannelOption.AUTO_READ, false)
                    .childHandler(new io.netty.channel.ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelActive(io.netty.channel.ChannelHandlerContext ctx) {
                            ctx.pipeline().remove(this);
                            if (!given.complete(ctx.channel())) {
                                ctx.close(); // only the first
                            }
                        }
                    })
                    .bind(new java.net.InetSocketAddress("127.0.0.1", 0)).sync().channel();
            IpAddress address = IpAddress.parse("127.0.2.60");
            BgpSpeaker spoke = BgpSpeaker.start(SpeakerConfig.of(AS, RouterId.parse("100.0.2.60")).withoutListener()
                    .withIoThreads(1));
            spokes.add(spoke);
            spoke.setPeers(Set.of(PeerConfig.builder(HUB, AS)
                    .port(((java.net.InetSocketAddress) server.localAddress()).getPort()).sourceAddress(address)
                    .backoff(TwoSpeakers.FAST).policy(PeerPolicy.defaults()).build()));
            io.netty.channel.Channel child = given.get(20, java.util.concurrent.TimeUnit.SECONDS);

            hub.acceptAgain(child);
            PeerStatus atHub = awaitStatus(hub, address, s -> s.state() == SessionState.ESTABLISHED);
            assertThat(atHub.listenRange()).contains("spokes");
            assertThat(child.isActive()).isTrue();
            awaitState(spoke, HUB, SessionState.ESTABLISHED);
            server.close().sync();
        } finally {
            // The new peer lives on the test's loop: end the speakers before that loop goes.
            spokes.forEach(BgpSpeaker::close);
            spokes.clear();
            hub.close();
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void theDynamicPeerGoesAwayWhenItsSessionEnds() {
        hub.setListenRanges(List.of(range("spokes", SPOKES)));
        IpAddress address = IpAddress.parse("127.0.2.8");
        BgpSpeaker spoke = spoke("127.0.2.8");
        spoke.setAdvertisements(Set.of(Advertisement.of("100.65.8.0/24")));
        awaitRoutes(hub, address, AddressFamily.IPV4_UNICAST, l -> l.size() == 1);

        spoke.setPeers(Set.of()); // Cease 6/3 to the hub
        await("the hub to drop the dynamic peer", hub::peers, List::isEmpty);
        assertThat(hub.receivedRoutes().routes(address, AddressFamily.IPV4_UNICAST)).isEmpty();
        await("the hub's Loc-RIB to lose the spoke's route",
                () -> hub.rib().query(r -> r.locRib(io.flatnet.bgp.model.Afi.IPV4).prefixCount()).join(), n -> n == 0);
    }

    @Test
    void aSilentLossWithGracefulRestartKeepsTheRoutesStaleUntilTheNewPeersEndOfRib() throws InterruptedException {
        Duration restart = Duration.ofSeconds(60);
        hub.setListenRanges(List.of(range("spokes", SPOKES, Duration.ofSeconds(9), restart)));
        IpAddress address = IpAddress.parse("127.0.2.50");
        SpeakerConfig spokeConfig = SpeakerConfig.of(AS, RouterId.parse("100.0.2.50"));
        BgpSpeaker spoke = spoke("127.0.2.50", spokeConfig, restart);
        spoke.setAdvertisements(Set.of(Advertisement.of("100.65.50.0/24"), Advertisement.of("100.65.51.0/24")));
        awaitRoutes(hub, address, AddressFamily.IPV4_UNICAST, l -> l.size() == 2);

        spoke.shutdown(true, null); // the TCP connection closes with no NOTIFICATION, as when the spoke is killed
        await("the hub to drop the dynamic peer", hub::peers, List::isEmpty);
        Thread.sleep(300);
        assertThat(hubPrefixes()).as("stale routes kept for the restart time").isEqualTo(2);

        // The spoke comes back (restarting, forwarding kept) with one of its two blocks.
        BgpSpeaker back = spoke("127.0.2.50", spokeConfig.withRestarting(true, Duration.ofSeconds(30)), restart);
        back.setAdvertisements(Set.of(Advertisement.of("100.65.50.0/24")));
        PeerStatus again = awaitStatus(hub, address, s -> s.state() == SessionState.ESTABLISHED);
        assertThat(again.dynamic()).isTrue();
        assertThat(again.flaps()).isZero(); // a new peer
        await("the new peer's End-of-RIB to sweep the block it no longer sends", this::hubPrefixes, n -> n == 1);
        awaitRoutes(hub, address, AddressFamily.IPV4_UNICAST,
                l -> l.size() == 1 && l.getFirst().prefix().equals(IpPrefix.parse("100.65.50.0/24")));
    }

    @Test
    void aChangedRangeTemplateResetsItsPeersWithCease66AndTheyReconnectUnderTheNewOne() {
        hub.setListenRanges(List.of(range("spokes", SPOKES)));
        IpAddress address = IpAddress.parse("127.0.2.51");
        BgpSpeaker spoke = spoke("127.0.2.51");
        assertThat(awaitStatus(hub, address, s -> s.state() == SessionState.ESTABLISHED).holdTime())
                .isEqualTo(Duration.ofSeconds(9));

        hub.setListenRanges(List.of(range("spokes", SPOKES, Duration.ofSeconds(12), null)));
        awaitStatus(spoke, HUB, s -> s.lastNotificationReceived().map(n -> n.code() == 6 && n.subcode() == 6).orElse(false));
        PeerStatus again = awaitStatus(hub, address,
                s -> s.state() == SessionState.ESTABLISHED && s.holdTime().equals(Duration.ofSeconds(12)));
        assertThat(again.listenRange()).contains("spokes");
        assertThat(again.flaps()).isZero(); // a new peer under the new template
        awaitState(spoke, HUB, SessionState.ESTABLISHED);
    }

    @Test
    void aSpokeThatComesBackGetsAFreshDynamicPeer() {
        hub.setListenRanges(List.of(range("spokes", SPOKES)));
        IpAddress address = IpAddress.parse("127.0.2.9");
        BgpSpeaker spoke = spoke("127.0.2.9");
        awaitStatus(hub, address, s -> s.state() == SessionState.ESTABLISHED);

        // A hard reset of the dynamic peer ends it; the spoke reconnects and is accepted again.
        assertThat(hub.resetPeer(address, true, "maintenance")).contains(PeerReset.HARD);
        awaitStatus(spoke, HUB, s -> s.lastNotificationReceived().map(n -> n.code() == 6 && n.subcode() == 4).orElse(false));
        PeerStatus again = awaitStatus(hub, address, s -> s.state() == SessionState.ESTABLISHED);
        assertThat(again.dynamic()).isTrue();
        assertThat(again.flaps()).isZero(); // a new peer, not the old one restarted
        awaitState(spoke, HUB, SessionState.ESTABLISHED);
        assertThat(status(spoke, HUB).flaps()).isEqualTo(1);
    }

    @Test
    void aConfiguredPeerTakesPrecedenceOverARange() {
        hub.setListenRanges(List.of(range("spokes", SPOKES)));
        IpAddress address = IpAddress.parse("127.0.2.10");
        BgpSpeaker spoke = spoke("127.0.2.10");
        awaitStatus(hub, address, s -> s.state() == SessionState.ESTABLISHED && s.dynamic());

        // Configuring the address ends the dynamic session (6/6); the spoke comes back to the configured peer.
        hub.setPeers(Set.of(PeerConfig.builder(address, AS).passive(true).backoff(TwoSpeakers.FAST)
                .policy(PeerPolicy.defaults()).build()));
        awaitStatus(spoke, HUB, s -> s.lastNotificationReceived().map(n -> n.code() == 6 && n.subcode() == 6).orElse(false));
        PeerStatus configured = awaitStatus(hub, address, s -> s.state() == SessionState.ESTABLISHED);
        assertThat(configured.dynamic()).isFalse();

        // Ranges never touch configured peers.
        hub.setListenRanges(List.of());
        assertThat(status(hub, address).state()).isEqualTo(SessionState.ESTABLISHED);
    }

    @Test
    void removingARangeEndsItsPeersAndRefusesTheirReturn() {
        hub.setListenRanges(List.of(range("spokes", SPOKES), range("others", IpPrefix.parse("127.0.4.0/24"))));
        IpAddress address = IpAddress.parse("127.0.2.11");
        IpAddress other = IpAddress.parse("127.0.4.1");
        BgpSpeaker spoke = spoke("127.0.2.11");
        spoke("127.0.4.1");
        awaitStatus(hub, address, s -> s.state() == SessionState.ESTABLISHED);
        awaitStatus(hub, other, s -> s.state() == SessionState.ESTABLISHED);
        PeerStatus before = status(hub, other);

        hub.setListenRanges(List.of(range("others", IpPrefix.parse("127.0.4.0/24"))));
        awaitStatus(spoke, HUB, s -> s.lastNotificationReceived().map(n -> n.code() == 6 && n.subcode() == 3).orElse(false));
        await("the hub to drop " + address, () -> hub.peerStatus(address), java.util.Optional::isEmpty);
        // The other range's peer was left alone.
        assertThat(status(hub, other).since()).isEqualTo(before.since());
        // The spoke keeps trying; its connections are refused now.
        awaitStatus(spoke, HUB, s -> s.lastError().contains("closed") || s.lastError().contains("failed"));
        assertThat(hub.peerStatus(address)).isEmpty();
    }

    @Test
    void shutdownEndsDynamicPeersAndTakesNoNewOnes() {
        hub.setListenRanges(List.of(range("spokes", SPOKES)));
        IpAddress address = IpAddress.parse("127.0.2.12");
        BgpSpeaker spoke = spoke("127.0.2.12");
        awaitStatus(hub, address, s -> s.state() == SessionState.ESTABLISHED);

        hub.shutdown(false, "reflector going away");
        awaitStatus(spoke, HUB, s -> s.lastNotificationReceived().map(n -> n.code() == 6 && n.subcode() == 2).orElse(false));
        assertThat(hub.listenRanges()).isEmpty();
        assertThat(hub.peers()).isEmpty();
    }
}
