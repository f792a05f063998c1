package io.flatnet.bgp.session;

import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.rib.Rib;
import io.flatnet.bgp.rib.RibExecutor;
import io.flatnet.bgp.session.received.ReceivedRoute;
import io.flatnet.bgp.session.received.ReceivedRoutes;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A speaker stand-in for session tests: the real RIB run inline, connections handed out by the test. */
final class TestEnvironment implements SessionEnvironment {
    static final Asn LOCAL_AS = Asn.of(65001);
    static final RouterId LOCAL_ID = RouterId.parse("10.0.0.1");

    final SpeakerConfig speaker;
    final InlineRibScheduler ribClock = new InlineRibScheduler();
    final RibExecutor ribExecutor;
    final SpeakerRib routing;
    final ReceivedRoutes rib;
    final List<SpeakerListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<IpPrefix, Advertisement> advertisements = new HashMap<>();
    final List<PeerStateChange> changes = new ArrayList<>();
    final List<AddressFamily> endOfRib = new ArrayList<>();
    /** Dynamic peers that reported their end, and connections they gave back, in order. */
    final List<Peer> dynamicPeersEnded = new ArrayList<>();
    final List<Channel> acceptedAgain = new ArrayList<>();
    /** What {@link #connect} hands out; null fails the attempt. */
    Channel nextOutbound;
    /** When set, {@link #connect} returns this promise instead of an already completed one. */
    io.netty.channel.ChannelPromise pending;

    TestEnvironment() {
        this(SpeakerConfig.of(LOCAL_AS, LOCAL_ID).withoutListener());
    }

    TestEnvironment(SpeakerConfig speaker) {
        this.speaker = speaker;
        this.ribExecutor = new RibExecutor(new Rib(speaker.bestPath()), ribClock);
        this.routing = new SpeakerRib(speaker, ribExecutor, listeners);
        this.rib = new ReceivedRoutes(ribExecutor);
    }

    /** Makes the local advertisements what {@link #advertisements} holds now. */
    void advertise() {
        routing.setAdvertisements(Map.copyOf(advertisements));
    }

    List<ReceivedRoute> routes(IpAddress peer, AddressFamily family) {
        return rib.routes(peer, family);
    }

    @Override
    public SpeakerConfig speaker() {
        return speaker;
    }

    @Override
    public SpeakerRib routing() {
        return routing;
    }

    @Override
    public Clock clock() {
        return Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    }

    @Override
    public ChannelFuture connect(PeerConfig peer, EventLoop loop, Consumer<Channel> init) {
        Channel ch = nextOutbound;
        if (ch == null) {
            return new TcpLikeChannel("10.0.0.1", peer.address().toString())
                    .newFailedFuture(new java.net.ConnectException("no route in tests"));
        }
        init.accept(ch);
        return pending != null ? pending : ch.newSucceededFuture();
    }

    @Override
    public void stateChanged(PeerStateChange change) {
        changes.add(change);
    }

    @Override
    public void endOfRib(IpAddress peer, AddressFamily family) {
        endOfRib.add(family);
    }

    @Override
    public void dynamicPeerEnded(Peer peer) {
        dynamicPeersEnded.add(peer);
    }

    @Override
    public void acceptAgain(Channel ch) {
        acceptedAgain.add(ch);
    }
}
