package io.flatnet.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.BgpFilter;
import io.flatnet.bgp.policy.FilterRule;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.rib.BestPathOptions;
import io.flatnet.bgp.rib.BestPathResult;
import io.flatnet.bgp.session.received.ReceivedRoute;
import io.flatnet.bgp.wire.BgpWireException;
import io.flatnet.bgp.wire.CodecContext;
import io.flatnet.bgp.wire.MessageDecoder;
import io.flatnet.bgp.wire.MessageEncoder;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.LocalPref;
import io.flatnet.bgp.wire.attribute.MultiExitDisc;
import io.flatnet.bgp.wire.attribute.NextHop;
import io.flatnet.bgp.wire.attribute.Origin;
import io.flatnet.bgp.wire.attribute.PathAttribute;
import io.flatnet.bgp.wire.capability.AddPathCapability;
import io.flatnet.bgp.wire.capability.Capability;
import io.flatnet.bgp.wire.capability.FourOctetAsCapability;
import io.flatnet.bgp.wire.capability.GracefulRestartCapability;
import io.flatnet.bgp.wire.capability.MultiprotocolCapability;
import io.flatnet.bgp.wire.capability.RouteRefreshCapability;
import io.flatnet.bgp.wire.message.BgpMessage;
import io.flatnet.bgp.wire.message.Keepalive;
import io.flatnet.bgp.wire.message.Open;
import io.flatnet.bgp.wire.message.RouteRefresh;
import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine wiring end to end, over embedded channels with the real {@link io.flatnet.bgp.rib.Rib}:
 * several peers, best path, export and update groups, graceful restart, add-path.
 */
class RoutingTest {
    static final Asn LOCAL = TestEnvironment.LOCAL_AS;
    static final IpPrefix P = IpPrefix.parse("10.1.0.0/16");
    static final IpPrefix Q = IpPrefix.parse("10.2.0.0/16");
    /** Calico's defaults plus a filter that exports every best route. */
    static final PeerPolicy EXPORT_ALL = PeerPolicy.of(BgpFilter.named("export-all")
            .exportV4(FilterRule.accept()).exportV6(FilterRule.accept()));
    static final PeerPolicy LOCAL_ONLY = PeerPolicy.defaults();
    static final ConnectRetryBackoff NO_WAIT = new ConnectRetryBackoff(Duration.ofMillis(1), Duration.ofMillis(1));

    TestEnvironment env = new TestEnvironment();
    final List<TcpLikeChannel> channels = new ArrayList<>();

    @AfterEach
    void close() {
        for (TcpLikeChannel c : channels) {
            c.finishAndReleaseAll();
        }
    }

    /** The far end of one session: we play it with real encoded messages. */
    final class Remote {
        final IpAddress address;
        final Asn asn;
        final PeerConfig config;
        final List<Capability> caps;
        CodecContext ctx;
        TcpLikeChannel ch;
        Peer peer;
        /** Set before the first connect for a dynamic neighbour accepted from this listen range. */
        String listenRange;

        Remote(String address, long asn, UnaryOperator<PeerConfig.Builder> tweak, List<Capability> extra) {
            this.address = IpAddress.parse(address);
            this.asn = Asn.of(asn);
            this.config = tweak.apply(PeerConfig.builder(this.address, this.asn).passive(true).backoff(NO_WAIT)
                    .families(Set.of(AddressFamily.IPV4_UNICAST))).build();
            List<Capability> c = new ArrayList<>(List.of(new MultiprotocolCapability(AddressFamily.IPV4_UNICAST),
                    new RouteRefreshCapability(), new FourOctetAsCapability(this.asn)));
            c.addAll(extra);
            this.caps = c;
            boolean receivesIds = extra.stream().anyMatch(x -> x instanceof AddPathCapability);
            this.ctx = new CodecContext(true, false, receivesIds ? Set.of(AddressFamily.IPV4_UNICAST) : Set.of(), Set.of(),
                    Set.of(), Set.of(AddressFamily.IPV4_UNICAST), asn == LOCAL.value());
        }

        /** Accepts a connection from this remote and exchanges OPENs; returns our OPEN. */
        Open connect() {
            ch = new TcpLikeChannel("10.0.0.1", address.toString());
            ch.freezeTime();
            channels.add(ch);
            if (peer == null) {
                peer = new Peer(config, env, ch.eventLoop(), java.util.Optional.ofNullable(listenRange));
                peer.start();
            }
            peer.accept(ch);
            List<BgpMessage> first = out();
            Open ours = (Open) first.getFirst();
            send(Open.of(asn, 90, RouterId.parse(address.toString()), caps));
            send(Keepalive.INSTANCE);
            assertThat(peer.status().state()).isEqualTo(SessionState.ESTABLISHED);
            return ours;
        }

        void send(BgpMessage m) {
            ByteBuf b = Unpooled.buffer();
            MessageEncoder.encode(m, ctx, b);
            ch.writeInbound(b);
        }

        void announce(IpPrefix prefix, List<PathAttribute> attrs) {
            send(new Update(NlriList.empty(Afi.IPV4), attrs, NlriList.of(prefix)));
        }

        void announce(IpPrefix prefix, long... path) {
            Asn[] asns = new Asn[path.length];
            for (int i = 0; i < path.length; i++) {
                asns[i] = Asn.of(path[i]);
            }
            announce(prefix, List.of(Origin.IGP, AsPath.sequence(asns), new NextHop(address)));
        }

        void withdraw(IpPrefix prefix) {
            send(new Update(NlriList.of(prefix), List.of(), NlriList.empty(Afi.IPV4)));
        }

        /** Everything we sent this remote since the last call, decoded. */
        List<BgpMessage> out() {
            List<BgpMessage> out = new ArrayList<>();
            ByteBuf b;
            while ((b = ch.readOutbound()) != null) {
                try {
                    while (b.isReadable()) {
                        int length = b.getUnsignedShort(b.readerIndex() + 16);
                        out.add(MessageDecoder.decode(b.readSlice(length), ctx).message());
                    }
                } catch (BgpWireException e) {
                    throw new AssertionError("we sent a malformed message", e);
                } finally {
                    b.release();
                }
            }
            return out;
        }

        List<Update> updates() {
            return out().stream().filter(Update.class::isInstance).map(Update.class::cast).toList();
        }

        List<ReceivedRoute> received() {
            return env.routes(address, AddressFamily.IPV4_UNICAST);
        }
    }

    Remote ebgp(String address, long asn, PeerPolicy policy) {
        return new Remote(address, asn, b -> b.policy(policy), List.of());
    }

    Remote ibgp(String address) {
        return new Remote(address, LOCAL.value(), b -> b, List.of());
    }

    BestPathResult best(IpPrefix p) {
        return env.ribExecutor.query(r -> r.locRib(p.afi()).best(p)).join();
    }

    static List<IpPrefix> announced(List<Update> updates) {
        return updates.stream().flatMap(u -> u.nlri().prefixes().stream()).toList();
    }

    static List<IpPrefix> withdrawn(List<Update> updates) {
        return updates.stream().flatMap(u -> u.withdrawn().prefixes().stream()).toList();
    }

    static List<Update> routes(List<Update> updates) {
        return updates.stream().filter(u -> u.endOfRibFamily().isEmpty()).toList();
    }

    @Test
    void routesFromTwoPeersGiveTheBestPathAndItGoesToAThird() {
        Remote r1 = ebgp("10.0.0.2", 65002, LOCAL_ONLY);
        Remote r2 = ebgp("10.0.0.3", 65003, LOCAL_ONLY);
        Remote r3 = ebgp("10.0.0.4", 65004, EXPORT_ALL);
        r1.connect();
        r2.connect();
        r3.connect();
        assertThat(r3.updates()).singleElement().satisfies(u -> assertThat(u.endOfRibFamily()).isPresent());

        r1.announce(P, List.of(Origin.IGP, AsPath.sequence(Asn.of(65002), Asn.of(65100)), new NextHop(r1.address),
                new MultiExitDisc(5)));
        r2.announce(P, 65003);
        assertThat(best(P).best().orElseThrow().source().peerAddress()).isEqualTo(r2.address);
        // r3 saw r1's route, then r2's shorter one; the last word is r2's, rewritten for eBGP
        Update last = routes(r3.updates()).getLast();
        assertThat(last.nlri().prefixes()).containsExactly(P);
        assertThat(last.attribute(AsPath.class)).contains(AsPath.sequence(LOCAL, Asn.of(65003)));
        assertThat(last.attribute(NextHop.class).orElseThrow().address()).isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(last.attribute(LocalPref.class)).isEmpty();
        // learned routes stay with Calico's default export policy
        assertThat(routes(r1.updates())).isEmpty();
        assertThat(routes(r2.updates())).isEmpty();

        r2.withdraw(P);
        Update fallback = routes(r3.updates()).getLast();
        assertThat(fallback.attribute(AsPath.class)).contains(AsPath.sequence(LOCAL, Asn.of(65002), Asn.of(65100)));
        assertThat(fallback.attribute(MultiExitDisc.class)).as("a MED is not passed to another AS").isEmpty();

        r1.withdraw(P);
        assertThat(withdrawn(r3.updates())).containsExactly(P);
        assertThat(best(P).hasBest()).isFalse();
    }

    @Test
    void aRouteIsNeverSentBackToThePeerItCameFrom() {
        Remote r1 = ebgp("10.0.0.2", 65002, EXPORT_ALL);
        Remote r2 = ebgp("10.0.0.3", 65003, EXPORT_ALL);
        r1.connect();
        r2.connect();
        r1.out();
        r2.out();
        long before = env.routing.encodes();
        r1.announce(P, 65002);
        assertThat(announced(r2.updates())).containsExactly(P);
        assertThat(r1.updates()).as("nothing: it never had another route for P").isEmpty();
        assertThat(env.routing.encodes() - before).as("one encoding; the source gets it less its own part").isEqualTo(1);

        r2.announce(P, 65003, 65004, 65005); // longer: r1's stays best, r2 hears nothing new
        assertThat(r2.updates()).isEmpty();
        r1.withdraw(P);
        assertThat(announced(r1.updates())).as("r2's route now, to r1").containsExactly(P);
        assertThat(withdrawn(r2.updates())).as("r2's own route is not sent back: r1's is withdrawn").containsExactly(P);
    }

    @Test
    void aBatchFromSeveralPeersIsEncodedOnceAndEachGetsTheOthersRoutesOnly() {
        // Three peers' UPDATEs applied before one flush, as after a burst: one encoding, and each
        // peer's stream is the whole batch less its own part.
        Remote r1 = ebgp("10.0.0.2", 65002, EXPORT_ALL);
        Remote r2 = ebgp("10.0.0.3", 65003, EXPORT_ALL);
        Remote r3 = ebgp("10.0.0.4", 65004, EXPORT_ALL);
        List<Remote> all = List.of(r1, r2, r3);
        List<IpPrefix> own = List.of(P, Q, IpPrefix.parse("10.3.0.0/16"));
        all.forEach(Remote::connect);
        all.forEach(Remote::out);
        long before = env.routing.encodes();

        env.ribClock.execute(() -> {
            for (int i = 0; i < all.size(); i++) {
                all.get(i).announce(own.get(i), 65002 + i);
            }
        });

        assertThat(env.routing.encodes() - before).isEqualTo(1);
        for (int i = 0; i < all.size(); i++) {
            List<IpPrefix> others = new ArrayList<>(own);
            others.remove(i);
            assertThat(announced(all.get(i).updates())).containsExactlyInAnyOrderElementsOf(others);
        }

        env.ribClock.execute(() -> all.forEach(r -> r.withdraw(own.get(all.indexOf(r)))));

        for (int i = 0; i < all.size(); i++) {
            List<IpPrefix> others = new ArrayList<>(own);
            others.remove(i);
            List<Update> got = all.get(i).updates();
            assertThat(withdrawn(got)).containsExactlyInAnyOrderElementsOf(others);
            assertThat(announced(got)).isEmpty();
        }
    }

    @Test
    void aPeerIsNotSentTheWithdrawalOfItsOwnRoute() {
        // It was never sent the route; BIRD and FRR send nothing there either. A full table's
        // withdrawal would otherwise go back to the peer that withdrew it, prefix by prefix.
        Remote r1 = ebgp("10.0.0.2", 65002, EXPORT_ALL);
        Remote r2 = ebgp("10.0.0.3", 65003, EXPORT_ALL);
        r1.connect();
        r2.connect();
        r1.announce(P, 65002);
        r1.announce(Q, 65002);
        r2.announce(Q, 65003, 65004); // longer: r1's stays best for Q
        r1.out();
        r2.out();

        r1.send(new Update(NlriList.of(P, Q), List.of(), NlriList.empty(Afi.IPV4)));

        assertThat(withdrawn(r2.updates())).as("r1's routes go; for Q, r2's own is best now")
                .containsExactlyInAnyOrder(P, Q);
        List<Update> toR1 = r1.updates();
        assertThat(withdrawn(toR1)).as("never sent r1's own routes, so nothing to withdraw").isEmpty();
        assertThat(announced(toR1)).as("r2's route for Q is best now").containsExactly(Q);
    }

    @Test
    void aPrefixWithdrawnAndAnnouncedInOneUpdateEndsAnnouncedDownstream() {
        // RFC 4271 §4.3: a prefix in both fields counts as announced. The RIB removes it and adds
        // it back in one task, so one flush carries the removed prefix's id and its new one.
        Remote r1 = ebgp("10.0.0.2", 65002, LOCAL_ONLY);
        Remote r3 = ebgp("10.0.0.4", 65004, EXPORT_ALL);
        r1.connect();
        r3.connect();
        r1.announce(P, 65002);
        r3.out();

        r1.send(new Update(NlriList.of(P), List.of(Origin.IGP, AsPath.sequence(Asn.of(65002), Asn.of(65007)),
                new NextHop(r1.address)), NlriList.of(P)));

        List<Update> seen = routes(r3.updates());
        assertThat(announced(seen)).containsExactly(P);
        assertThat(seen.getLast().nlri().prefixes()).as("the last word announces").containsExactly(P);
        assertThat(seen.getLast().attribute(AsPath.class)).contains(AsPath.sequence(LOCAL, Asn.of(65002), Asn.of(65007)));
        r1.withdraw(P);
        assertThat(withdrawn(r3.updates())).containsExactly(P);
    }

    @Test
    void aFilterOnPrefixesIsAskedForEachPrefixOfARunThatSharesAttributes() {
        // The exporter reuses one answer for a run of prefixes with the same attributes only when
        // no rule reads the prefix; this filter does.
        PeerPolicy onlyP = PeerPolicy.of(BgpFilter.named("only-p").exportV4(FilterRule.accept().equal(P.toString())));
        Remote r1 = ebgp("10.0.0.2", 65002, LOCAL_ONLY);
        Remote r3 = ebgp("10.0.0.4", 65004, onlyP);
        r1.connect();
        r3.connect();
        r3.out();

        r1.send(new Update(NlriList.empty(Afi.IPV4), List.of(Origin.IGP, AsPath.sequence(Asn.of(65002)),
                new NextHop(r1.address)), NlriList.of(Q, P, IpPrefix.parse("10.3.0.0/16"))));

        assertThat(announced(r3.updates())).containsExactly(P);
    }

    @Test
    void anImportFilterOnPrefixesIsAskedForEachPrefixOfAnUpdate() {
        // A policy that reads no prefix is asked once per UPDATE; this one reads it.
        PeerPolicy notQ = PeerPolicy.of(BgpFilter.named("not-q").importV4(FilterRule.reject().equal(Q.toString())));
        Remote r1 = ebgp("10.0.0.2", 65002, notQ);
        r1.connect();
        IpPrefix third = IpPrefix.parse("10.3.0.0/16");

        r1.send(new Update(NlriList.empty(Afi.IPV4), List.of(Origin.IGP, AsPath.sequence(Asn.of(65002)),
                new NextHop(r1.address)), NlriList.of(P, Q, third)));

        assertThat(r1.received()).extracting(ReceivedRoute::prefix).containsExactlyInAnyOrder(P, third);
        assertThat(best(Q).hasBest()).isFalse();
    }

    @Test
    void anImportFilterOnAttributesRulesOnEveryPrefixOfTheUpdateAtOnce() {
        PeerPolicy notVia65009 = PeerPolicy.of(BgpFilter.named("not-via-65009")
                .importV4(FilterRule.reject().asPathPrefix(Asn.of(65002), Asn.of(65009))));
        Remote r1 = ebgp("10.0.0.2", 65002, notVia65009);
        r1.connect();
        IpPrefix third = IpPrefix.parse("10.3.0.0/16");

        r1.send(new Update(NlriList.empty(Afi.IPV4), List.of(Origin.IGP, AsPath.sequence(Asn.of(65002), Asn.of(65009)),
                new NextHop(r1.address)), NlriList.of(P, Q)));
        assertThat(best(P).hasBest()).isFalse();
        assertThat(best(Q).hasBest()).isFalse();
        r1.send(new Update(NlriList.empty(Afi.IPV4), List.of(Origin.IGP, AsPath.sequence(Asn.of(65002), Asn.of(65007)),
                new NextHop(r1.address)), NlriList.of(P, Q, third)));

        assertThat(r1.received()).extracting(ReceivedRoute::prefix).containsExactlyInAnyOrder(P, Q, third);
    }

    @Test
    void loopsThroughOurAsAreDroppedAndReplaceAnEarlierRoute() {
        Remote r1 = ebgp("10.0.0.2", 65002, LOCAL_ONLY);
        r1.connect();
        r1.announce(P, 65002);
        r1.announce(Q, 65002, LOCAL.value(), 65009);
        assertThat(r1.received()).extracting(ReceivedRoute::prefix).containsExactly(P);
        r1.announce(P, 65002, LOCAL.value());
        assertThat(r1.received()).isEmpty();
        assertThat(best(P).hasBest()).isFalse();
    }

    @Test
    void ebgpPeerWithoutPolicyGetsAndAcceptsNothing() {
        env.advertisements.put(Q, Advertisement.of(Q));
        env.advertise();
        Remote r1 = new Remote("10.0.0.2", 65002, b -> b, List.of());
        r1.connect();
        assertThat(routes(r1.updates())).isEmpty();
        r1.announce(P, 65002);
        assertThat(r1.received()).isEmpty();
    }

    @Test
    void ibgpGetsLocalPrefAndOurNextHopForLocalRoutesButNoIbgpLearnedRoutes() {
        Remote a = ibgp("10.0.0.2");
        Remote b = ibgp("10.0.0.3");
        a.connect();
        b.connect();
        a.out();
        b.out();
        a.announce(P, 65100);
        assertThat(a.received()).singleElement().satisfies(r ->
                assertThat(r.attributes().attribute(LocalPref.class)).isEmpty());
        assertThat(routes(b.updates())).as("iBGP split horizon").isEmpty();

        env.advertisements.put(Q, Advertisement.of(Q));
        env.advertise();
        Update u = b.updates().getFirst();
        assertThat(u.nlri().prefixes()).containsExactly(Q);
        assertThat(u.attribute(LocalPref.class).orElseThrow().value()).isEqualTo(100);
        assertThat(u.attribute(AsPath.class)).contains(AsPath.EMPTY);
        assertThat(u.attribute(NextHop.class).orElseThrow().address()).isEqualTo(IpAddress.parse("10.0.0.1"));
    }

    @Test
    void anUpdateGroupEncodesAChangeOnceForAllItsPeers() {
        List<Remote> group = new ArrayList<>();
        for (int i = 2; i <= 5; i++) {
            Remote r = ibgp("10.0.0." + i);
            r.connect();
            r.out();
            group.add(r);
        }
        long before = env.routing.encodes();
        env.advertisements.put(P, Advertisement.of(P));
        env.advertise();
        assertThat(env.routing.encodes() - before).isEqualTo(1);
        for (Remote r : group) {
            assertThat(announced(r.updates())).containsExactly(P);
        }
        before = env.routing.encodes();
        env.advertisements.clear();
        env.advertise();
        assertThat(env.routing.encodes() - before).isEqualTo(1);
        for (Remote r : group) {
            assertThat(withdrawn(r.updates())).containsExactly(P);
        }
    }

    @Test
    void aSlowPeerHoldsUpNobodyAndCatchesUpWithTheLatestStateOnly() {
        Remote fast = ibgp("10.0.0.2");
        Remote slow = ibgp("10.0.0.3");
        fast.connect();
        slow.connect();
        fast.out();
        slow.out();
        slow.ch.stall(true);
        env.advertisements.put(P, Advertisement.of(P));
        env.advertise();
        env.advertisements.remove(P);
        env.advertisements.put(Q, Advertisement.of(Q));
        env.advertise();
        List<Update> fastGot = fast.updates();
        assertThat(announced(fastGot)).containsExactly(P, Q);
        assertThat(withdrawn(fastGot)).containsExactly(P);
        assertThat(slow.out()).isEmpty();

        slow.ch.stall(false);
        List<Update> caughtUp = slow.updates();
        assertThat(announced(caughtUp)).containsExactly(Q);
        assertThat(withdrawn(caughtUp)).containsExactly(P); // harmless if it never had it
        assertThat(fast.out()).isEmpty();
    }

    Remote gracefulPeer(String address) {
        return gracefulPeer(address, false);
    }

    Remote gracefulPeer(String address, boolean notificationBit) {
        GracefulRestartCapability gr = new GracefulRestartCapability(false, notificationBit, 120,
                List.of(new GracefulRestartCapability.Family(AddressFamily.IPV4_UNICAST, true)));
        return new Remote(address, 65002, b -> b.policy(LOCAL_ONLY)
                .gracefulRestartTime(Duration.ofSeconds(90)), List.of(gr));
    }

    @Test
    void gracefulRestartKeepsRoutesStaleRefreshesThemAndSweepsOnEndOfRib() {
        Remote r = gracefulPeer("10.0.0.2");
        r.connect();
        r.announce(P, 65002);
        r.announce(Q, 65002);
        r.ch.close(); // no NOTIFICATION: the peer is restarting
        assertThat(r.received()).extracting(ReceivedRoute::prefix).containsExactly(P, Q);
        assertThat(best(P).hasBest()).isTrue();

        r.connect();
        r.announce(P, 65002, 65010); // re-sent, changed
        r.send(Update.endOfRib(AddressFamily.IPV4_UNICAST));
        assertThat(r.received()).extracting(ReceivedRoute::prefix).containsExactly(P);
        assertThat(best(P).best().orElseThrow().attributes().asPath().decisionLength()).isEqualTo(2);
        assertThat(best(Q).hasBest()).isFalse();
    }

    @Test
    void aSecondRestartBeforeEndOfRibDropsTheStaleRoutes() {
        Remote r = gracefulPeer("10.0.0.2");
        r.connect();
        r.announce(P, 65002);
        r.announce(Q, 65002);
        r.ch.close();
        r.connect();
        r.announce(P, 65002);
        r.ch.close(); // again, before End-of-RIB
        assertThat(r.received()).extracting(ReceivedRoute::prefix).containsExactly(P);
    }

    @Test
    void theRestartTimerSweepsTheStaleRoutes() {
        Remote r = gracefulPeer("10.0.0.2");
        r.connect();
        r.announce(P, 65002);
        r.ch.close();
        env.ribClock.advance(Duration.ofSeconds(119));
        assertThat(r.received()).hasSize(1);
        env.ribClock.advance(Duration.ofSeconds(2));
        assertThat(r.received()).isEmpty();
        assertThat(best(P).hasBest()).isFalse();
    }

    @Test
    void aNotificationEndsTheSessionWithoutGracefulRestartUnlessBothSetTheNBit() {
        Remote r = gracefulPeer("10.0.0.2");
        r.connect();
        r.announce(P, 65002);
        r.send(io.flatnet.bgp.wire.message.Notification.of(io.flatnet.bgp.wire.NotificationCode.CEASE_ADMINISTRATIVE_RESET));
        assertThat(r.received()).isEmpty();
    }

    @Test
    void addPathSendsTheEcmpSetWithPathIds() {
        env = new TestEnvironment(SpeakerConfig.of(LOCAL, TestEnvironment.LOCAL_ID).withoutListener()
                .withBestPath(BestPathOptions.DEFAULT.withMaxPaths(4)));
        Remote r1 = ebgp("10.0.0.2", 65002, LOCAL_ONLY);
        Remote r2 = ebgp("10.0.0.3", 65002, LOCAL_ONLY);
        AddPathCapability receive = new AddPathCapability(List.of(
                new AddPathCapability.Entry(AddressFamily.IPV4_UNICAST, AddPathCapability.Mode.RECEIVE)));
        Remote client = new Remote("10.0.0.4", LOCAL.value(), b -> b.policy(EXPORT_ALL)
                .addPathSend(Set.of(AddressFamily.IPV4_UNICAST)), List.of(receive));
        r1.connect();
        r2.connect();
        client.connect();
        client.out();
        r1.announce(P, 65002, 65100);
        r2.announce(P, 65002, 65100);
        assertThat(best(P).ecmp()).hasSize(2);
        List<Update> sent = routes(client.updates());
        List<Long> ids = new ArrayList<>();
        List<IpAddress> nextHops = new ArrayList<>();
        for (Update u : sent) {
            for (int i = 0; i < u.nlri().size(); i++) {
                ids.add(u.nlri().pathId(i));
                nextHops.add(u.attribute(NextHop.class).orElseThrow().address());
            }
        }
        assertThat(ids).hasSize(2).doesNotHaveDuplicates();
        assertThat(nextHops).containsExactlyInAnyOrder(r1.address, r2.address);

        r1.withdraw(P);
        List<Update> after = client.updates();
        assertThat(after).singleElement().satisfies(u -> {
            assertThat(u.withdrawn().size()).isEqualTo(1);
            assertThat(u.withdrawn().prefix(0)).isEqualTo(P);
            assertThat(u.withdrawn().pathId(0)).isEqualTo(ids.get(nextHops.indexOf(r1.address)));
        });
    }

    @Test
    void routeRefreshResendsLearnedRoutesToo() {
        Remote r1 = ebgp("10.0.0.2", 65002, LOCAL_ONLY);
        Remote r2 = ebgp("10.0.0.3", 65003, EXPORT_ALL);
        r1.connect();
        r2.connect();
        r1.announce(P, 65002);
        r2.out();
        r2.send(RouteRefresh.request(AddressFamily.IPV4_UNICAST));
        List<BgpMessage> answer = r2.out();
        assertThat(answer).hasSize(1);
        assertThat(((Update) answer.getFirst()).nlri().prefixes()).containsExactly(P);
    }

    @Test
    void aRestartingSpeakerSetsTheRAndFBitsAndDefersUntilEndOfRib() {
        env = new TestEnvironment(SpeakerConfig.of(LOCAL, TestEnvironment.LOCAL_ID).withoutListener()
                .withRestarting(true, Duration.ofSeconds(60)));
        Remote r = gracefulPeer("10.0.0.2");
        env.routing.setGracefulPeers(Set.of(r.address));
        env.advertisements.put(Q, Advertisement.of(Q));
        env.advertise();
        Open ours = r.connect();
        GracefulRestartCapability gr = ours.capability(GracefulRestartCapability.class).orElseThrow();
        assertThat(gr.restarting()).isTrue();
        assertThat(gr.families()).allSatisfy(f -> assertThat(f.forwardingStatePreserved()).isTrue());
        assertThat(r.updates()).as("deferred").isEmpty();

        r.announce(P, 65002);
        r.send(Update.endOfRib(AddressFamily.IPV4_UNICAST));
        List<Update> sent = r.updates();
        assertThat(announced(sent)).containsExactly(Q);
        assertThat(sent.getLast().endOfRibFamily()).contains(AddressFamily.IPV4_UNICAST);
        assertThat(env.routing.restartState()).isFalse();
    }

    @Test
    void theSelectionDeferralTimerEndsTheWait() {
        env = new TestEnvironment(SpeakerConfig.of(LOCAL, TestEnvironment.LOCAL_ID).withoutListener()
                .withRestarting(true, Duration.ofSeconds(60)));
        Remote r = gracefulPeer("10.0.0.2");
        env.routing.setGracefulPeers(Set.of(r.address));
        env.advertisements.put(Q, Advertisement.of(Q));
        env.advertise();
        r.connect();
        assertThat(r.updates()).isEmpty();
        env.ribClock.advance(Duration.ofSeconds(61));
        assertThat(announced(r.updates())).containsExactly(Q);
    }

    @Test
    void withListenRangesNoConfiguredPeerDoesNotEndTheDeferralTheDynamicPeersEndOfRibDoes() {
        env = new TestEnvironment(SpeakerConfig.of(LOCAL, TestEnvironment.LOCAL_ID).withoutListener()
                .withRestarting(true, Duration.ofSeconds(60)));
        env.routing.setDynamicNeighbours(true); // as BgpSpeaker.setListenRanges does
        env.routing.setGracefulPeers(Set.of()); // only --listen-range, no --peer
        assertThat(env.routing.restartState()).as("nobody configured is not everybody back").isTrue();
        env.advertisements.put(Q, Advertisement.of(Q));
        env.advertise();

        Remote r = gracefulPeer("10.0.0.2");
        r.listenRange = "nodes";
        r.connect();
        assertThat(r.updates()).as("deferred until the dynamic peer's End-of-RIB").isEmpty();
        r.send(Update.endOfRib(AddressFamily.IPV4_UNICAST));
        assertThat(announced(r.updates())).containsExactly(Q);
        assertThat(env.routing.restartState()).isFalse();
    }

    @Test
    void withListenRangesAndNoPeerComingBackTheDeferralTimerEndsTheWait() {
        env = new TestEnvironment(SpeakerConfig.of(LOCAL, TestEnvironment.LOCAL_ID).withoutListener()
                .withRestarting(true, Duration.ofSeconds(60)));
        env.routing.setDynamicNeighbours(true);
        env.routing.setGracefulPeers(Set.of());
        env.ribClock.advance(Duration.ofSeconds(59));
        assertThat(env.routing.restartState()).isTrue();
        env.ribClock.advance(Duration.ofSeconds(2));
        assertThat(env.routing.restartState()).isFalse();
    }

    @Test
    void withTheNBitOnBothSidesANotificationIsGracefulButHardResetIsNot() {
        Remote r = gracefulPeer("10.0.0.2", true);
        Open ours = r.connect();
        assertThat(ours.capability(GracefulRestartCapability.class).orElseThrow().notification()).isTrue();
        r.announce(P, 65002);
        r.send(io.flatnet.bgp.wire.message.Notification.of(io.flatnet.bgp.wire.NotificationCode.CEASE_ADMINISTRATIVE_RESET));
        assertThat(r.received()).as("RFC 8538: graceful").hasSize(1);

        r.connect();
        r.send(io.flatnet.bgp.wire.message.Notification.of(io.flatnet.bgp.wire.NotificationCode.CEASE_HARD_RESET));
        assertThat(r.received()).as("Hard Reset").isEmpty();
    }

    @Test
    void withTheNBitOurAdministrativeCeaseGoesAsHardReset() {
        Remote r = gracefulPeer("10.0.0.2", true);
        r.connect();
        r.out();
        r.peer.stop(io.flatnet.bgp.wire.message.Notification.of(io.flatnet.bgp.wire.NotificationCode.CEASE_PEER_DECONFIGURED), false);
        io.flatnet.bgp.wire.message.Notification sent = r.out().stream()
                .filter(io.flatnet.bgp.wire.message.Notification.class::isInstance)
                .map(io.flatnet.bgp.wire.message.Notification.class::cast).findFirst().orElseThrow();
        assertThat(sent.code()).isEqualTo(6);
        assertThat(sent.subcode()).isEqualTo(9);
        assertThat(sent.data().toArray()).startsWith((byte) 6, (byte) 3);
    }
}
