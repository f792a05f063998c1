package io.flatnet.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.session.received.AttributeSet;
import io.flatnet.bgp.session.received.ReceivedRoute;
import io.flatnet.bgp.session.NotificationRecord;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.wire.attribute.Aggregator;
import io.flatnet.bgp.wire.attribute.AsPath;
import io.flatnet.bgp.wire.attribute.AtomicAggregate;
import io.flatnet.bgp.wire.attribute.Communities;
import io.flatnet.bgp.wire.attribute.Origin;
import io.flatnet.bgp.wire.attribute.UnknownAttribute;
import io.flatnet.lab.BgpConfig;
import io.flatnet.lab.Bird2;
import io.flatnet.lab.DaemonKind;
import io.flatnet.lab.ExaBgp;
import io.flatnet.lab.Family;
import io.flatnet.lab.HostIpv6;
import io.flatnet.lab.Lab;
import io.flatnet.lab.Link;
import io.flatnet.lab.Neighbor;
import io.flatnet.lab.Netns;
import io.flatnet.lab.Poll;
import io.flatnet.lab.RawAttribute;
import io.flatnet.lab.junit.NetnsTest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 7606 on live sessions: exabgp sends crafted UPDATEs (the shapes LAB.md lists as sendable)
 * to the in-process speaker, which must apply the verdict its malformed corpus
 * ({@code bgp-speaker/src/test/resources/io/flatnet/bgp/wire/malformed/}) expects: withdraw
 * the routes and keep the session, drop just the attribute, keep unknown attributes, or reset
 * with the right NOTIFICATION. Meanwhile a second session, with BIRD, must not notice anything:
 * same Established period on both sides, no flap, routes intact both ways.
 *
 * <p>Each case names the corpus file it mirrors; the bytes differ only where the live session
 * differs from the corpus context (4-octet AS numbers, exabgp's own ORIGIN/AS_PATH/NEXT_HOP).
 *
 * <table>
 * <caption>cases</caption>
 * <tr><th>corpus case</th><th>sent by exabgp</th><th>expected on flatnet</th></tr>
 * <tr><td>109-update-bad-origin-value</td><td>ORIGIN 5</td><td>treat-as-withdraw</td></tr>
 * <tr><td>110-update-origin-wrong-length</td><td>ORIGIN of 2 octets</td><td>treat-as-withdraw</td></tr>
 * <tr><td>126-update-origin-flagged-optional</td><td>ORIGIN flags 0xc0</td><td>treat-as-withdraw</td></tr>
 * <tr><td>111-update-as-path-zero-length-segment</td><td>AS_SEQUENCE of 0 ASNs</td><td>treat-as-withdraw</td></tr>
 * <tr><td>112-update-as-path-segment-overrun</td><td>segment count 5, one ASN</td><td>treat-as-withdraw</td></tr>
 * <tr><td>113-update-as-path-bad-segment-type</td><td>segment type 5</td><td>treat-as-withdraw</td></tr>
 * <tr><td>145-update-as-path-contains-as-zero</td><td>AS_PATH [exa, 0]</td><td>treat-as-withdraw</td></tr>
 * <tr><td>138-update-med-wrong-length</td><td>MED of 3 octets</td><td>treat-as-withdraw</td></tr>
 * <tr><td>160-update-attribute-flags-med-well-known</td><td>MED flags 0x40</td><td>treat-as-withdraw</td></tr>
 * <tr><td>129-update-communities-not-multiple-of-4</td><td>COMMUNITIES of 3 octets</td><td>treat-as-withdraw</td></tr>
 * <tr><td>130-update-large-communities-not-multiple-of-12</td><td>LARGE_COMMUNITY of 10 octets</td><td>treat-as-withdraw</td></tr>
 * <tr><td>132-update-atomic-aggregate-with-value</td><td>ATOMIC_AGGREGATE of 1 octet</td><td>attribute discard</td></tr>
 * <tr><td>131-update-aggregator-wrong-length</td><td>AGGREGATOR of 2 octets</td><td>attribute discard</td></tr>
 * <tr><td>161-update-aggregator-flags-wrong</td><td>AGGREGATOR flags 0x80</td><td>attribute discard</td></tr>
 * <tr><td>125-update-optional-transitive-garbage</td><td>attribute 29, flags 0xc0, random bytes</td><td>accepted, kept byte for byte</td></tr>
 * <tr><td>154-update-unknown-optional-non-transitive</td><td>attribute 250, flags 0x80</td><td>accepted, attribute ignored (RFC 4271 §5)</td></tr>
 * <tr><td>146-update-partial-bit-on-well-known</td><td>ORIGIN flags 0x60</td><td>accepted, ORIGIN IGP</td></tr>
 * <tr><td>153-update-extended-length-short-value</td><td>COMMUNITIES with Extended Length, 4 octets</td><td>accepted with the community</td></tr>
 * <tr><td>139-update-unknown-well-known-attribute</td><td>attribute 99, flags 0x40</td><td>session reset, NOTIFICATION 3/2</td></tr>
 * <tr><td>105-update-duplicate-mp-reach</td><td>exabgp's MP_REACH_NLRI plus a raw one</td><td>session reset, NOTIFICATION 3/1</td></tr>
 * <tr><td>156-update-duplicate-mp-unreach</td><td>a withdrawal: exabgp's MP_UNREACH_NLRI plus a raw one</td><td>session reset, NOTIFICATION 3/1</td></tr>
 * </table>
 */
@NetnsTest(requires = {DaemonKind.EXABGP, DaemonKind.BIRD2})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(PrintSpeakersOnFailure.class)
class ExaBgpRfc7606InteropIT {
  /** 0xfa56ea01, as it appears in the AS_PATH payloads below. */
  static final long AS_EXA = 4_200_000_001L;
  static final String AS_EXA_HEX = "fa56ea01";
  static final long AS_BIRD = 4_200_000_003L;
  static final Duration PATIENCE = Duration.ofSeconds(20);
  /** Slower than the lab default, so that after a reset we clear exabgp's Adj-RIB-Out before it can replay. */
  static final ConnectRetryBackoff RESET_BACKOFF = new ConnectRetryBackoff(Duration.ofMillis(1500), Duration.ofSeconds(3));

  static final String FLATNET_PREFIX = "100.64.200.0/24";
  static final String BIRD_PREFIX = "100.64.220.0/24";

  Link exaLink;
  Link birdLink;
  ExaBgp exa;
  Bird2 bird;
  InProcessSpeaker flatnet;
  /** The BIRD session as both sides saw it once up: it must never change. */
  Instant birdSince;
  String birdProtocolRow;

  enum Verdict { TREAT_AS_WITHDRAW, ATTRIBUTE_DISCARD, ACCEPTED }

  /**
   * One crafted UPDATE shape and what flatnet must make of it.
   *
   * @param corpus the malformed corpus file it mirrors
   * @param check for discard and accepted cases, what the stored route must look like
   */
  record Case(String corpus, Verdict verdict, List<RawAttribute> attributes, Consumer<AttributeSet> check) {
    @Override
    public String toString() {
      return corpus + " -> " + verdict;
    }
  }

  static Case withdraw(String corpus, RawAttribute attribute) {
    return new Case(corpus, Verdict.TREAT_AS_WITHDRAW, List.of(attribute), a -> {});
  }

  static Stream<Case> liveCases() {
    return Stream.of(
        withdraw("109-update-bad-origin-value", RawAttribute.of(0x01, 0x40, "05")),
        withdraw("110-update-origin-wrong-length", RawAttribute.of(0x01, 0x40, "0000")),
        withdraw("126-update-origin-flagged-optional", RawAttribute.of(0x01, 0xc0, "00")),
        withdraw("111-update-as-path-zero-length-segment", RawAttribute.of(0x02, 0x40, "0200")),
        withdraw("112-update-as-path-segment-overrun", RawAttribute.of(0x02, 0x40, "0205" + AS_EXA_HEX)),
        withdraw("113-update-as-path-bad-segment-type", RawAttribute.of(0x02, 0x40, "0501" + AS_EXA_HEX)),
        withdraw("145-update-as-path-contains-as-zero", RawAttribute.of(0x02, 0x40, "0202" + AS_EXA_HEX + "00000000")),
        withdraw("138-update-med-wrong-length", RawAttribute.of(0x04, 0x80, "000001")),
        withdraw("160-update-attribute-flags-med-well-known", RawAttribute.of(0x04, 0x40, "00000001")),
        withdraw("129-update-communities-not-multiple-of-4", RawAttribute.of(0x08, 0xc0, "000001")),
        withdraw("130-update-large-communities-not-multiple-of-12",
            RawAttribute.of(0x20, 0xc0, "00000001000000020000")),
        new Case("132-update-atomic-aggregate-with-value", Verdict.ATTRIBUTE_DISCARD,
            List.of(RawAttribute.of(0x06, 0x40, "00")),
            a -> assertThat(a.attribute(AtomicAggregate.class)).isEmpty()),
        new Case("131-update-aggregator-wrong-length", Verdict.ATTRIBUTE_DISCARD,
            List.of(RawAttribute.of(0x07, 0xc0, "0001")),
            a -> assertThat(a.attribute(Aggregator.class)).isEmpty()),
        new Case("161-update-aggregator-flags-wrong", Verdict.ATTRIBUTE_DISCARD,
            // A well-formed 4-octet AGGREGATOR (AS_EXA, 100.64.0.1), flagged optional non-transitive.
            List.of(RawAttribute.of(0x07, 0x80, AS_EXA_HEX + "64400001")),
            a -> assertThat(a.attribute(Aggregator.class)).isEmpty()),
        // The 2023 incident: an optional transitive attribute 29 (BGP-LS) with junk in it reset
        // sessions across the Internet. flatnet does not interpret 29: it must keep it as is.
        new Case("125-update-optional-transitive-garbage", Verdict.ACCEPTED,
            List.of(RawAttribute.of(29, 0xc0, "00ff4d41cafe0000deadbeef0102")),
            a -> assertThat(a.attributes()).contains(new UnknownAttribute(0xc0, 29, Bytes.fromHex("00ff4d41cafe0000deadbeef0102")))),
        // RFC 4271 §5: an unrecognised optional non-transitive attribute is quietly ignored; the
        // route stays and the attribute is neither kept in the RIB nor passed on.
        new Case("154-update-unknown-optional-non-transitive", Verdict.ACCEPTED,
            List.of(RawAttribute.of(250, 0x80, "0102")),
            a -> assertThat(a.attributes()).noneMatch(x -> x.typeCode() == 250)),
        new Case("146-update-partial-bit-on-well-known", Verdict.ACCEPTED,
            List.of(RawAttribute.of(0x01, 0x60, "00")),
            a -> assertThat(a.attribute(Origin.class)).hasValue(Origin.IGP)),
        new Case("153-update-extended-length-short-value", Verdict.ACCEPTED,
            List.of(RawAttribute.of(0x08, 0xd0, "fde80001")),
            a -> assertThat(a.attribute(Communities.class)).hasValue(new Communities(List.of(Community.of(65000, 1))))));
  }

  @BeforeAll
  void startLab(Lab lab) {
    Netns exaNs = lab.namespace("exa");
    Netns birdNs = lab.namespace("bird");
    exaLink = lab.linkToHost(exaNs, HostIpv6.ULA);
    birdLink = lab.linkToHost(birdNs);
    // One IPv4 session carries both families, so that the MP_REACH/MP_UNREACH shapes can be sent.
    exa = lab.startExaBgp(exaNs, BgpConfig.of(AS_EXA, exaLink.b().ipv4())
        .withNeighbor(Neighbor.between(exaLink.b(), exaLink.a(), InProcessSpeaker.ASN).asPassive()));
    bird = lab.startBird(birdNs, BgpConfig.of(AS_BIRD, birdLink.b().ipv4())
        .withNeighbor(Neighbor.between(birdLink.b(), birdLink.a(), InProcessSpeaker.ASN)
            .withFamilies(EnumSet.of(Family.IPV4_UNICAST)).asPassive())
        .announcing(BIRD_PREFIX));
    flatnet = InProcessSpeaker.connectOnly(exaLink.a().ipv4());
    flatnet.setPeers(
        InProcessSpeaker.peer(exaPeer(), AS_EXA, exaLink.a().ipv4(), AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST)
            .backoff(RESET_BACKOFF).build(),
        InProcessSpeaker.peer(birdPeer(), AS_BIRD, birdLink.a().ipv4(), AddressFamily.IPV4_UNICAST).build());
    flatnet.advertise(FLATNET_PREFIX);

    flatnet.awaitEstablished(exaPeer(), PATIENCE);
    exa.awaitEstablished(PATIENCE);
    flatnet.awaitEstablished(birdPeer(), PATIENCE);
    bird.awaitEstablished(PATIENCE);
    flatnet.awaitRoute(birdPeer(), BIRD_PREFIX, PATIENCE);
    bird.awaitRoute(FLATNET_PREFIX, PATIENCE);
    birdSince = flatnet.status(birdPeer()).orElseThrow().since();
    birdProtocolRow = birdProtocolRow();
  }

  @AfterAll
  void stopSpeaker() {
    if (flatnet != null) {
      flatnet.close();
    }
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("liveCases")
  void sessionSurvivesAndVerdictApplies(Case c) {
    PeerStatus before = flatnet.awaitEstablished(exaPeer(), PATIENCE);
    int n = (int) liveCases().takeWhile(x -> !x.corpus().equals(c.corpus())).count() + 1;
    String known = "100.65." + n + ".0/24"; // announced clean first, then malformed
    String fresh = "100.66." + n + ".0/24"; // only ever announced malformed
    RawAttribute[] raw = c.attributes().toArray(RawAttribute[]::new);

    if (c.verdict() == Verdict.TREAT_AS_WITHDRAW) {
      exa.announce(known);
      flatnet.awaitRoute(exaPeer(), known, PATIENCE);
      long received = flatnet.status(exaPeer()).orElseThrow().prefixesReceived();
      exa.announce(known, raw);
      exa.announce(fresh, raw);
      // Both NLRI were received (and so their RIB changes queued before this status answer)...
      flatnet.awaitStatus(exaPeer(), "to count 2 more NLRI", PATIENCE, s -> s.prefixesReceived() >= received + 2);
      // ...and neither is in the Adj-RIB-In: the route known before is gone, the new one never came.
      flatnet.awaitNoRoute(exaPeer(), known, PATIENCE);
      assertThat(flatnet.route(exaPeer(), fresh)).as("a treat-as-withdraw route").isEmpty();
    } else {
      exa.announce(fresh, raw);
      ReceivedRoute route = flatnet.awaitRoute(exaPeer(), fresh, PATIENCE);
      assertThat(route.nextHop().toString()).isEqualTo(exaLink.b().ipv4());
      assertThat(route.attributes().attribute(AsPath.class)).hasValue(AsPath.sequence(Asn.of(AS_EXA)));
      c.check().accept(route.attributes());
    }

    PeerStatus after = flatnet.status(exaPeer()).orElseThrow();
    assertThat(after.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(after.since()).as("exabgp session's Established since").isEqualTo(before.since());
    assertThat(after.flaps()).isEqualTo(before.flaps());
    assertThat(after.lastNotificationSent()).isEqualTo(before.lastNotificationSent());
    assertThat(exa.peer(exaLink.a().ipv4()).established()).isTrue();
    assertBirdSessionUntouched();
  }

  @Test
  @Order(2)
  void unknownWellKnownAttributeResetsWith3Slash2() {
    // 139-update-unknown-well-known-attribute
    resetCase(3, 2, () -> exa.announce("100.67.1.0/24", RawAttribute.of(0x63, 0x40, "01")));
  }

  @Test
  @Order(3)
  void duplicateMpReachResetsWith3Slash1() {
    // 105-update-duplicate-mp-reach: exabgp's own MP_REACH_NLRI for the route, plus a raw one.
    String clean = "fd00:64:ff10::/48";
    exa.announce(clean);
    ReceivedRoute route = flatnet.awaitRoute(exaPeer(), clean, PATIENCE);
    assertThat(route.nextHop().toString()).isEqualTo(exaLink.b().ipv6());
    String second = "00020110" + hex(exaLink.b().ipv6()) + "00" + "30fd000064ff11";
    resetCase(3, 1, () -> exa.announce("fd00:64:ff12::/48", RawAttribute.of(0x0e, 0x80, second)));
  }

  @Test
  @Order(4)
  void duplicateMpUnreachResetsWith3Slash1() {
    // 156-update-duplicate-mp-unreach. One MP_UNREACH_NLRI next to an MP_REACH_NLRI is legal...
    String prefix = "fd00:64:ff20::/48";
    RawAttribute unreach = RawAttribute.of(0x0f, 0x80, "00020130fd000064ff21");
    exa.announce(prefix, unreach);
    flatnet.awaitRoute(exaPeer(), prefix, PATIENCE);
    // ...but exabgp packs the route's attributes into its withdrawal too: two MP_UNREACH_NLRI.
    resetCase(3, 1, () -> exa.send("neighbor " + exaLink.a().ipv4() + " withdraw route " + prefix
        + " next-hop " + exaLink.b().ipv6() + " " + unreach.toExabgp()));
  }

  @Test
  @Order(5)
  void secondSessionNeverNoticedAnything() {
    assertBirdSessionUntouched();
    assertThat(flatnet.status(birdPeer()).orElseThrow().lastNotificationSent()).isEmpty();
    assertThat(flatnet.status(birdPeer()).orElseThrow().lastNotificationReceived()).isEmpty();
  }

  /**
   * Sends what {@code send} sends, then expects flatnet to reset the exabgp session with
   * NOTIFICATION {@code code}/{@code subcode}, exabgp to have received exactly that, and the
   * session to come back once exabgp's Adj-RIB-Out is cleared (or it would replay the shape).
   */
  private void resetCase(int code, int subcode, Runnable send) {
    PeerStatus before = flatnet.awaitEstablished(exaPeer(), PATIENCE);
    int notificationsBefore = exa.notificationsReceived().size();

    send.run();

    List<int[]> notifications = Poll.until(PATIENCE, "exabgp to receive a NOTIFICATION",
        () -> Optional.of(exa.notificationsReceived()).filter(l -> l.size() > notificationsBefore), exa::diagnostics);
    exa.clearAdjRibOut();
    assertThat(notifications.get(notificationsBefore)).as("NOTIFICATION code/subcode exabgp received")
        .containsExactly(code, subcode);
    PeerStatus reset = flatnet.awaitStatus(exaPeer(), "to have flapped", PATIENCE, s -> s.flaps() > before.flaps());
    assertThat(reset.lastNotificationSent()).hasValueSatisfying((NotificationRecord r) -> {
      assertThat(r.code()).isEqualTo(code);
      assertThat(r.subcode()).isEqualTo(subcode);
    });

    PeerStatus again = flatnet.awaitEstablished(exaPeer(), PATIENCE);
    exa.awaitEstablished(PATIENCE);
    assertThat(again.flaps()).as("one reset, no replay").isEqualTo(before.flaps() + 1);
    assertBirdSessionUntouched();
  }

  /** Same Established period on both sides, no flap, its routes in place both ways. */
  private void assertBirdSessionUntouched() {
    PeerStatus status = flatnet.status(birdPeer()).orElseThrow();
    assertThat(status.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(status.since()).as("BIRD session Established since").isEqualTo(birdSince);
    assertThat(status.flaps()).isZero();
    assertThat(flatnet.route(birdPeer(), BIRD_PREFIX)).as("BIRD's route in flatnet's Adj-RIB-In").isPresent();
    assertThat(birdProtocolRow()).as("BIRD's own protocol row (state and since)").isEqualTo(birdProtocolRow);
    assertThat(bird.route(FLATNET_PREFIX)).as("flatnet's route at BIRD").isPresent();
  }

  /** BIRD's one-line summary of the session, "n0 BGP --- up 14:06:08.027 Established". */
  private String birdProtocolRow() {
    String name = bird.protocolName(birdLink.a().ipv4());
    return bird.birdc("show", "protocols", name).orThrow().stdout().lines()
        .filter(l -> l.startsWith(name + " ")).findFirst().orElse("(no row)").strip();
  }

  private String exaPeer() {
    return exaLink.b().ipv4();
  }

  private String birdPeer() {
    return birdLink.b().ipv4();
  }

  private static String hex(String address) {
    try {
      return HexFormat.of().formatHex(InetAddress.getByName(address).getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(address, e);
    }
  }
}
