package io.flatnet.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.wire.BgpWireException;
import io.flatnet.bgp.wire.CodecContext;
import io.flatnet.bgp.wire.MessageDecoder;
import io.flatnet.bgp.wire.MessageEncoder;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.attribute.Origin;
import io.flatnet.bgp.wire.capability.Capability;
import io.flatnet.bgp.wire.capability.EnhancedRouteRefreshCapability;
import io.flatnet.bgp.wire.capability.FourOctetAsCapability;
import io.flatnet.bgp.wire.capability.MultiprotocolCapability;
import io.flatnet.bgp.wire.capability.RouteRefreshCapability;
import io.flatnet.bgp.wire.message.BgpMessage;
import io.flatnet.bgp.wire.message.Keepalive;
import io.flatnet.bgp.wire.message.Notification;
import io.flatnet.bgp.wire.message.Open;
import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Drives one {@link Peer} over {@link TcpLikeChannel}s with frozen time, playing the remote
 * speaker (AS 65002, identifier 10.0.0.2) with real encoded messages.
 */
abstract class SessionTestSupport {
    static final IpAddress PEER = IpAddress.parse("10.0.0.2");
    static final Asn PEER_AS = Asn.of(65002);
    /** How the remote side encodes and decodes once the OPENs are exchanged. */
    static final CodecContext CTX = new CodecContext(true, false, Set.of(), Set.of(), Set.of(),
            Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST), false);

    TestEnvironment env;
    TcpLikeChannel ch;
    Peer peer;
    final List<EmbeddedChannel> channels = new ArrayList<>();

    @BeforeEach
    void environment() {
        env = new TestEnvironment();
    }

    @AfterEach
    void closeChannels() {
        for (EmbeddedChannel c : channels) {
            c.finishAndReleaseAll();
        }
    }

    PeerConfig.Builder config() {
        // eBGP: RFC 8212 wants a policy, so give Calico's defaults explicitly
        return PeerConfig.builder(PEER, PEER_AS).passive(true).families(Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST))
                .policy(PeerPolicy.defaults());
    }

    TcpLikeChannel newChannel() {
        TcpLikeChannel c = new TcpLikeChannel("10.0.0.1", "10.0.0.2");
        c.freezeTime();
        channels.add(c);
        return c;
    }

    /** A passive peer that accepts one inbound connection: our OPEN is then sent. */
    void accept(PeerConfig cfg) {
        ch = newChannel();
        peer = new Peer(cfg, env, ch.eventLoop());
        peer.start();
        peer.accept(ch);
    }

    static Open peerOpen(long asn, String id, int hold) {
        Asn a = Asn.of(asn);
        List<Capability> caps = List.of(new MultiprotocolCapability(AddressFamily.IPV4_UNICAST),
                new MultiprotocolCapability(AddressFamily.IPV6_UNICAST), new RouteRefreshCapability(),
                new EnhancedRouteRefreshCapability(), new FourOctetAsCapability(a));
        return Open.of(a, hold, RouterId.parse(id), caps);
    }

    /** Accepts, then completes the OPEN exchange; returns with the session ESTABLISHED and our output drained. */
    void establish(PeerConfig cfg) {
        accept(cfg);
        assertThat(out(ch)).singleElement().isInstanceOf(Open.class);
        send(ch, peerOpen(65002, "10.0.0.2", 90));
        assertThat(out(ch)).containsExactly(Keepalive.INSTANCE);
        send(ch, Keepalive.INSTANCE);
        assertThat(state()).isEqualTo(SessionState.ESTABLISHED);
        out(ch);
    }

    SessionState state() {
        return peer.status().state();
    }

    static void send(EmbeddedChannel c, BgpMessage m) {
        ByteBuf b = Unpooled.buffer();
        MessageEncoder.encode(m, CTX, b);
        c.writeInbound(b);
    }

    static void sendRaw(EmbeddedChannel c, byte[] bytes) {
        c.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    /** Everything we wrote on {@code c} so far, decoded. */
    static List<BgpMessage> out(EmbeddedChannel c) {
        List<BgpMessage> out = new ArrayList<>();
        ByteBuf b;
        while ((b = c.readOutbound()) != null) {
            try {
                while (b.isReadable()) {
                    int length = b.getUnsignedShort(b.readerIndex() + 16);
                    out.add(MessageDecoder.decode(b.readSlice(length), CTX).message());
                }
            } catch (BgpWireException e) {
                throw new AssertionError("we sent a malformed message", e);
            } finally {
                b.release();
            }
        }
        return out;
    }

    static List<Notification> notifications(List<BgpMessage> messages) {
        return messages.stream().filter(Notification.class::isInstance).map(Notification.class::cast).toList();
    }

    void advance(EmbeddedChannel c, Duration d) {
        c.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
        for (int i = 0; i < 3; i++) {
            c.runScheduledPendingTasks();
            c.runPendingTasks();
        }
    }

    static Update announce(String... prefixes) {
        NlriList.Builder b = NlriList.builder(Afi.IPV4, false);
        for (String p : prefixes) {
            b.add(IpPrefix.parse(p));
        }
        return new Update(NlriList.empty(Afi.IPV4),
                List.of(Origin.IGP, AsPath.sequence(PEER_AS), new NextHop(PEER)), b.build());
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
