package io.flatnet.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.session.received.ReceivedRoute;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.capability.FourOctetAsCapability;
import io.flatnet.lab.BgpConfig;
import io.flatnet.lab.BgpDaemon;
import io.flatnet.lab.Family;
import io.flatnet.lab.HostIpv6;
import io.flatnet.lab.Lab;
import io.flatnet.lab.Link;
import io.flatnet.lab.Neighbor;
import io.flatnet.lab.Netns;
import io.flatnet.lab.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What flatnet must do with every full BGP implementation, run against one daemon per subclass:
 * 4-octet AS sessions with ASNs above 65535, IPv4 and IPv6 unicast routes both ways with the
 * link addresses as next hops (and our communities intact), withdrawals both ways, thousands of
 * routes packed into UPDATEs, ROUTE-REFRESH from the daemon, and the daemon's administrative
 * shutdown with an RFC 9003 message. Tests run in {@link Order} and share the daemon; all but
 * the last leave both sessions up with zero flaps.
 *
 * <p>Topology: one lab namespace with the daemon (AS {@value #AS_DAEMON}), one veth to the root
 * namespace whose root end has {@code 100.x.y.1/30} and the ULA {@code fd00:64:..::1/64}
 * ({@link HostIpv6#ULA}); the speaker runs in this JVM (AS {@value InProcessSpeaker#ASN}).
 *
 * <p>Two sessions per daemon: IPv4 unicast over an IPv4 session and IPv6 unicast over an IPv6
 * session. That is what all three daemons handle natively: on an IPv6 session every one of
 * them puts its own session address in MP_REACH_NLRI without a next-hop policy, and so does
 * flatnet, which on an IPv4 session could only offer an IPv4-mapped IPv6 next hop (it has no
 * per-peer IPv6 next-hop setting). One lab and daemon serve the whole class; each test leaves
 * the advertised sets as it found them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(PrintSpeakersOnFailure.class)
abstract class UnicastInteropContract {
  static final long AS_DAEMON = 4_200_000_001L;
  static final Duration PATIENCE = Duration.ofSeconds(30);

  static final String FLATNET_V4 = "100.64.200.0/24";
  static final String FLATNET_V6 = "fd00:64:ff01::/48";
  static final String DAEMON_V4 = "100.64.201.0/24";
  static final String DAEMON_V6 = "fd00:64:ff02::/48";

  Link link;
  BgpDaemon daemon;
  InProcessSpeaker flatnet;

  /** Starts the daemon under test with {@code config} in {@code ns}. */
  abstract BgpDaemon startDaemon(Lab lab, Netns ns, BgpConfig config);

  /** The daemon's own account of a session: the peer AS it sees and whether 4-octet AS was agreed. */
  record DaemonView(long peerAs, boolean fourOctetAs, String raw) {}

  abstract DaemonView daemonView(String neighbor);

  @BeforeAll
  void startLab(Lab lab) {
    Netns ns = lab.namespace("peer");
    link = lab.linkToHost(ns, HostIpv6.ULA);
    BgpConfig config = BgpConfig.of(AS_DAEMON, link.b().ipv4())
        .withNeighbor(Neighbor.between(link.b(), link.a(), InProcessSpeaker.ASN)
            .withFamilies(EnumSet.of(Family.IPV4_UNICAST)).asPassive())
        .withNeighbor(Neighbor.between6(link.b(), link.a(), InProcessSpeaker.ASN)
            .withFamilies(EnumSet.of(Family.IPV6_UNICAST)).asPassive());
    daemon = startDaemon(lab, ns, config);
    flatnet = InProcessSpeaker.connectOnly(link.a().ipv4());
    flatnet.setPeers(
        InProcessSpeaker.peer(link.b().ipv4(), AS_DAEMON, link.a().ipv4(), AddressFamily.IPV4_UNICAST).build(),
        InProcessSpeaker.peer(link.b().ipv6(), AS_DAEMON, link.a().ipv6(), AddressFamily.IPV6_UNICAST).build());
  }

  @AfterAll
  void stopSpeaker() {
    if (flatnet != null) {
      flatnet.close();
    }
  }

  @Test
  @Order(1)
  void sessionsEstablishWithFourOctetAsnsOnBothSides() {
    for (String[] session : sessions()) {
      String daemonEnd = session[0];
      String flatnetEnd = session[1];
      PeerStatus status = flatnet.awaitEstablished(daemonEnd, PATIENCE);
      daemon.awaitEstablished(flatnetEnd, PATIENCE);

      assertThat(status.remoteAsn()).isEqualTo(Asn.of(AS_DAEMON));
      assertThat(status.negotiated()).as("flatnet's negotiated session with %s", daemonEnd).hasValueSatisfying(n -> {
        assertThat(n.context().fourOctetAs()).as("4-octet AS negotiated").isTrue();
        assertThat(n.peerCapabilities()).contains(new FourOctetAsCapability(Asn.of(AS_DAEMON)));
      });
      DaemonView view = daemonView(flatnetEnd);
      assertThat(view.peerAs()).as("%s's view of flatnet's AS\n%s", daemon.name(), view.raw()).isEqualTo(InProcessSpeaker.ASN);
      assertThat(view.fourOctetAs()).as("%s agreed 4-octet AS\n%s", daemon.name(), view.raw()).isTrue();
    }
  }

  @Test
  @Order(2)
  void routesFlowBothWaysWithLinkNextHopsAndAreWithdrawn() {
    String v4Peer = link.b().ipv4();
    String v6Peer = link.b().ipv6();
    for (String[] session : sessions()) {
      flatnet.awaitEstablished(session[0], PATIENCE);
      daemon.awaitEstablished(session[1], PATIENCE);
    }

    // flatnet -> daemon, with an RFC 1997 community on each
    Community tag = Community.of(65000, 100);
    flatnet.speaker.setAdvertisements(Set.of(
        new Advertisement(IpPrefix.parse(FLATNET_V4), List.of(tag), List.of()),
        new Advertisement(IpPrefix.parse(FLATNET_V6), List.of(tag), List.of())));
    io.flatnet.lab.ReceivedRoute v4 = daemon.awaitRoute(FLATNET_V4, PATIENCE);
    io.flatnet.lab.ReceivedRoute v6 = daemon.awaitRoute(FLATNET_V6, PATIENCE);
    assertThat(v4.nextHop()).as("IPv4 next hop at %s", daemon.name()).isEqualTo(link.a().ipv4());
    assertThat(IpAddress.parse(v6.nextHop())).as("IPv6 next hop at %s", daemon.name())
        .isEqualTo(IpAddress.parse(link.a().ipv6()));
    assertThat(v4.asPath()).containsExactly(InProcessSpeaker.ASN);
    assertThat(v6.asPath()).containsExactly(InProcessSpeaker.ASN);
    assertThat(v4.communities()).containsExactly("65000:100");
    assertThat(v6.communities()).containsExactly("65000:100");

    // daemon -> flatnet
    daemon.announce(DAEMON_V4);
    daemon.announce(DAEMON_V6);
    ReceivedRoute in4 = flatnet.awaitRoute(v4Peer, DAEMON_V4, PATIENCE);
    ReceivedRoute in6 = flatnet.awaitRoute(v6Peer, DAEMON_V6, PATIENCE);
    assertThat(in4.nextHop()).isEqualTo(IpAddress.parse(link.b().ipv4()));
    assertThat(in6.nextHop()).isEqualTo(IpAddress.parse(link.b().ipv6()));
    assertThat(in4.attributes().attribute(AsPath.class)).hasValue(AsPath.sequence(Asn.of(AS_DAEMON)));
    assertThat(in6.attributes().attribute(AsPath.class)).hasValue(AsPath.sequence(Asn.of(AS_DAEMON)));
    // Each family stays on its own session.
    assertThat(flatnet.routes(v4Peer, AddressFamily.IPV6_UNICAST)).isEmpty();
    assertThat(flatnet.routes(v6Peer, AddressFamily.IPV4_UNICAST)).isEmpty();

    // Withdrawals, both directions.
    flatnet.advertise();
    daemon.awaitNoRoute(FLATNET_V4, PATIENCE);
    daemon.awaitNoRoute(FLATNET_V6, PATIENCE);
    daemon.withdraw(DAEMON_V4);
    daemon.withdraw(DAEMON_V6);
    flatnet.awaitNoRoute(v4Peer, DAEMON_V4, PATIENCE);
    flatnet.awaitNoRoute(v6Peer, DAEMON_V6, PATIENCE);

    // No session went down for any of this.
    for (String[] session : sessions()) {
      assertThat(flatnet.status(session[0]).orElseThrow().flaps()).as("flaps of %s", session[0]).isZero();
      assertThat(daemon.peer(session[1]).established()).isTrue();
    }
  }

  @Test
  @Order(3)
  void thousandsOfRoutesArePackedIntoUpdatesAndWithdrawnAgain() {
    // More than OutboundRoutes.CHUNK and far more than one 4096-octet UPDATE holds, in both
    // families: the packer must split NLRI, MP_REACH_NLRI and the withdrawals correctly.
    List<String> prefixes = new ArrayList<>();
    for (int i = 0; i < MANY_V4; i++) {
      prefixes.add("100.72." + (i / 256) + "." + (i % 256) + "/32");
    }
    for (int i = 0; i < MANY_V6; i++) {
      prefixes.add(String.format("fd00:64:ff03:%x::/64", i + 1)); // non-zero group: canonical text
    }
    long updatesBefore = flatnet.status(link.b().ipv4()).orElseThrow().sent().update();
    flatnet.advertise(prefixes.toArray(String[]::new));
    awaitDaemonCount(Family.IPV4_UNICAST, MANY_V4);
    awaitDaemonCount(Family.IPV6_UNICAST, MANY_V6);
    assertThat(flatnet.status(link.b().ipv4()).orElseThrow().prefixesAdvertised()).isEqualTo(MANY_V4);
    assertThat(flatnet.status(link.b().ipv6()).orElseThrow().prefixesAdvertised()).isEqualTo(MANY_V6);
    // Packed: with 4096-octet messages 3000 /32s need at least 3 UPDATEs, with RFC 8654
    // extended messages (BIRD and FRR offer them) one may do; never one UPDATE per prefix.
    long maxLength = flatnet.status(link.b().ipv4()).orElseThrow().negotiated().orElseThrow().context().maxMessageLength();
    long updatesSent = flatnet.status(link.b().ipv4()).orElseThrow().sent().update() - updatesBefore;
    assertThat(updatesSent).as("IPv4 UPDATEs sent for %d prefixes", MANY_V4)
        .isBetween(maxLength > 4096 ? 1L : 3L, (long) MANY_V4 / 100);
    // Spot checks: first and last of each family, with the link next hops.
    for (String p : List.of(prefixes.getFirst(), prefixes.get(MANY_V4 - 1), prefixes.get(MANY_V4), prefixes.getLast())) {
      io.flatnet.lab.ReceivedRoute r = daemon.awaitRoute(p, PATIENCE);
      String expected = Family.of(p) == Family.IPV4_UNICAST ? link.a().ipv4() : link.a().ipv6();
      assertThat(IpAddress.parse(r.nextHop())).as("next hop of %s", p).isEqualTo(IpAddress.parse(expected));
    }

    flatnet.advertise();
    awaitDaemonCount(Family.IPV4_UNICAST, 0);
    awaitDaemonCount(Family.IPV6_UNICAST, 0);
    for (String[] session : sessions()) {
      assertThat(flatnet.status(session[0]).orElseThrow().flaps()).as("flaps of %s", session[0]).isZero();
    }
  }

  @Test
  @Order(4)
  void routeRefreshFromTheDaemonIsAnswered() {
    String unsupported = routeRefreshUnsupported();
    Assumptions.assumeTrue(unsupported == null, unsupported);
    flatnet.advertise(FLATNET_V4);
    daemon.awaitRoute(FLATNET_V4, PATIENCE);
    PeerStatus before = flatnet.status(link.b().ipv4()).orElseThrow();

    requestRouteRefresh(link.a().ipv4());

    PeerStatus after = flatnet.awaitStatus(link.b().ipv4(), "to receive a ROUTE-REFRESH", PATIENCE,
        s -> s.received().routeRefresh() > before.received().routeRefresh()
            && s.sent().update() > before.sent().update());
    assertThat(after.since()).isEqualTo(before.since());
    assertThat(after.flaps()).isEqualTo(before.flaps());
    assertThat(daemon.peer(link.a().ipv4()).established()).isTrue();
    assertThat(daemon.awaitRoute(FLATNET_V4, PATIENCE).nextHop()).isEqualTo(link.a().ipv4());
    flatnet.advertise();
    daemon.awaitNoRoute(FLATNET_V4, PATIENCE);
  }

  @Test
  @Order(5)
  void daemonShutdownCommunicationIsReadAndItsRoutesAreDropped() {
    String v4Peer = link.b().ipv4();
    String v6Peer = link.b().ipv6();
    daemon.announce(DAEMON_V4);
    flatnet.awaitRoute(v4Peer, DAEMON_V4, PATIENCE);
    PeerStatus before = flatnet.awaitEstablished(v4Peer, PATIENCE);
    long v6Flaps = flatnet.status(v6Peer).orElseThrow().flaps();

    String message = "flatnet interop: planned maintenance";
    shutDown(link.a().ipv4(), message);

    // Cease 6/2 with the RFC 9003 message, the session down and its routes gone.
    PeerStatus down = flatnet.awaitStatus(v4Peer, "to receive the administrative shutdown", PATIENCE,
        s -> s.lastNotificationReceived().isPresent() && s.state() != SessionState.ESTABLISHED);
    assertThat(down.lastNotificationReceived()).hasValueSatisfying(n -> {
      assertThat(n.code()).isEqualTo(6);
      assertThat(n.subcode()).isEqualTo(2);
      assertThat(n.shutdownMessage()).hasValue(message);
    });
    assertThat(down.flaps()).isEqualTo(before.flaps() + 1);
    flatnet.awaitNoRoute(v4Peer, DAEMON_V4, PATIENCE);
    // The IPv6 session to the same daemon did not notice.
    assertThat(flatnet.status(v6Peer).orElseThrow().flaps()).isEqualTo(v6Flaps);
    assertThat(flatnet.status(v6Peer).orElseThrow().state()).isEqualTo(SessionState.ESTABLISHED);

    bringUp(link.a().ipv4());
    PeerStatus up = flatnet.awaitEstablished(v4Peer, PATIENCE);
    assertThat(up.flaps()).isEqualTo(before.flaps() + 1);
    assertThat(flatnet.awaitRoute(v4Peer, DAEMON_V4, PATIENCE).nextHop()).isEqualTo(IpAddress.parse(v4Peer));
    daemon.withdraw(DAEMON_V4);
    flatnet.awaitNoRoute(v4Peer, DAEMON_V4, PATIENCE);
  }

  /** Administratively shuts the daemon's session with {@code neighbor} down, with an RFC 9003 message. */
  abstract void shutDown(String neighbor, String message);

  /** Undoes {@link #shutDown}. */
  abstract void bringUp(String neighbor);

  static final int MANY_V4 = 3000;
  static final int MANY_V6 = 1500;

  /** Makes the daemon ask flatnet, the neighbor at {@code neighbor}, for its routes again (RFC 2918). */
  abstract void requestRouteRefresh(String neighbor);

  /** Why the daemon cannot be made to send a ROUTE-REFRESH, or null if it can. */
  String routeRefreshUnsupported() {
    return null;
  }

  /** How many routes of {@code family} the daemon holds from flatnet. */
  long daemonRouteCount(Family family) {
    return daemon.receivedRoutes().stream().filter(r -> r.family() == family).count();
  }

  private void awaitDaemonCount(Family family, long expected) {
    long[] last = {-1};
    Poll.until(Duration.ofSeconds(60), daemon.name() + " to hold " + expected + " " + family + " routes", () -> {
      last[0] = daemonRouteCount(family);
      return last[0] == expected ? Optional.of(Boolean.TRUE) : Optional.empty();
    }, () -> "last count " + last[0] + "\n" + flatnet.describe() + daemon.diagnostics());
  }

  /** {daemon's address, flatnet's address} of the IPv4 and the IPv6 session. */
  private String[][] sessions() {
    return new String[][] {{link.b().ipv4(), link.a().ipv4()}, {link.b().ipv6(), link.a().ipv6()}};
  }
}
