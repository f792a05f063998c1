package io.flatnet.interop;

import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.session.received.ReceivedRoute;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.SpeakerConfig;
import io.flatnet.lab.Poll;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The flatnet speaker under test, in the test JVM (lab option a): it binds the root-namespace
 * ends of the lab's host links. Waits poll quickly, since the speaker answers in microseconds;
 * {@link #describe()} is what a failed interop test prints about it.
 */
final class InProcessSpeaker implements AutoCloseable {
  /** flatnet's AS in every interop test: above 65535, so only 4-octet AS numbers can carry it. */
  static final long ASN = 4_200_000_002L;
  /** Reconnect quickly after a reset; daemons in the lab retry every 2 s as well. */
  static final ConnectRetryBackoff FAST = new ConnectRetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(2));
  private static final Duration POLL = Duration.ofMillis(50);

  final BgpSpeaker speaker;

  private InProcessSpeaker(BgpSpeaker speaker) {
    this.speaker = speaker;
  }

  /** Connect-only: the lab's daemons are passive unless a test says otherwise. */
  static InProcessSpeaker connectOnly(String routerId) {
    return new InProcessSpeaker(BgpSpeaker.start(config(routerId).withoutListener()));
  }

  /** Also listens on port 179 of {@code addresses} (lab addresses of the root namespace only). */
  static InProcessSpeaker listening(String routerId, String... addresses) {
    return new InProcessSpeaker(BgpSpeaker.start(listeningConfig(routerId, addresses)));
  }

  /** The settings of {@link #listening}, for a test that starts the speaker its own way. */
  static SpeakerConfig listeningConfig(String routerId, String... addresses) {
    List<IpAddress> bind = Arrays.stream(addresses).map(IpAddress::parse).toList();
    return config(routerId).withListen(bind, SpeakerConfig.BGP_PORT);
  }

  /** A speaker the test started itself (a standalone reflector, say), with AS {@link #ASN}. */
  static InProcessSpeaker of(BgpSpeaker speaker) {
    return new InProcessSpeaker(speaker);
  }

  private static SpeakerConfig config(String routerId) {
    // Hold time as the lab's daemons use it, so a dead peer shows within a test's patience.
    return SpeakerConfig.of(Asn.of(ASN), RouterId.parse(routerId)).withHoldTime(Duration.ofSeconds(9)).withIoThreads(2);
  }

  /** A session to {@code peer} from {@code local}, negotiating only {@code families}. */
  static PeerConfig.Builder peer(String peer, long peerAsn, String local, AddressFamily... families) {
    // Calico's default policy (accept on import, export our own routes), stated explicitly: an
    // eBGP peer without any policy gets and accepts nothing (RFC 8212).
    return PeerConfig.builder(peer, peerAsn).sourceAddress(IpAddress.parse(local)).backoff(FAST)
        .families(Set.of(families)).policy(PeerPolicy.defaults());
  }

  void setPeers(PeerConfig... peers) {
    speaker.setPeers(Set.of(peers));
  }

  void advertise(String... prefixes) {
    speaker.setAdvertisements(Arrays.stream(prefixes).map(Advertisement::of).collect(Collectors.toSet()));
  }

  Optional<PeerStatus> status(String peer) {
    return speaker.peerStatus(IpAddress.parse(peer));
  }

  PeerStatus awaitStatus(String peer, String what, Duration timeout, Predicate<PeerStatus> ok) {
    return Poll.until(timeout, "flatnet: " + peer + " " + what,
        () -> status(peer).filter(ok), this::describe);
  }

  PeerStatus awaitEstablished(String peer, Duration timeout) {
    return awaitStatus(peer, "Established", timeout, s -> s.state() == SessionState.ESTABLISHED);
  }

  /** Fails if the session with {@code peer} is Established at any poll within {@code period}. */
  void assertNeverEstablished(String peer, Duration period) {
    Poll.never(period, "flatnet: " + peer + " Established",
        () -> status(peer).map(s -> s.state() == SessionState.ESTABLISHED).orElse(false), this::describe);
  }

  List<ReceivedRoute> routes(String peer, AddressFamily family) {
    return speaker.receivedRoutes().routes(IpAddress.parse(peer), family);
  }

  Optional<ReceivedRoute> route(String peer, String prefix) {
    IpPrefix p = IpPrefix.parse(prefix);
    return routes(peer, AddressFamily.unicast(p.afi())).stream().filter(r -> r.prefix().equals(p)).findFirst();
  }

  ReceivedRoute awaitRoute(String peer, String prefix, Duration timeout) {
    return awaitRoute(peer, prefix, "", timeout, r -> true);
  }

  ReceivedRoute awaitRoute(String peer, String prefix, String what, Duration timeout, Predicate<ReceivedRoute> ok) {
    return Poll.until(timeout, "flatnet's Adj-RIB-In to hold " + prefix + " from " + peer + " " + what,
        () -> route(peer, prefix).filter(ok), () -> describe() + "\nroutes from " + peer + ": " + allRoutes(peer));
  }

  void awaitNoRoute(String peer, String prefix, Duration timeout) {
    Poll.until(timeout, "flatnet's Adj-RIB-In to drop " + prefix + " from " + peer,
        () -> route(peer, prefix).isPresent() ? Optional.empty() : Optional.of(Boolean.TRUE),
        () -> describe() + "\nroutes from " + peer + ": " + allRoutes(peer));
  }

  List<ReceivedRoute> allRoutes(String peer) {
    List<ReceivedRoute> all = new java.util.ArrayList<>(routes(peer, AddressFamily.IPV4_UNICAST));
    all.addAll(routes(peer, AddressFamily.IPV6_UNICAST));
    return all;
  }

  /** Every peer's status, for failure output. */
  String describe() {
    try {
      StringBuilder sb = new StringBuilder("---- flatnet speaker AS" + ASN + " (" + (speaker.epoll() ? "epoll" : "NIO") + ")\n");
      for (PeerStatus s : speaker.peers()) {
        sb.append(s).append('\n');
      }
      return sb.toString();
    } catch (RuntimeException e) {
      return "---- flatnet speaker: status unavailable: " + e;
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  @Override
  public void close() {
    speaker.close();
  }
}
