package io.flatnet.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.lab.junit.NetnsTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * exabgp announces a route carrying an unknown optional transitive attribute; BIRD accepts the
 * route and keeps the attribute byte for byte (RFC 4271 section 5: pass it on, partial bit set).
 */
@NetnsTest(requires = {DaemonKind.BIRD2, DaemonKind.EXABGP})
class ExaBgpUnknownAttributeIT {
  static final long AS_BIRD = 4200000001L;
  static final long AS_EXA = 4200000002L;
  static final Duration PATIENCE = Duration.ofSeconds(30);

  @Test
  void birdKeepsUnknownOptionalTransitiveAttribute(Lab lab) {
    Netns a = lab.namespace("bird");
    Netns b = lab.namespace("exa");
    Link link = lab.link(a, b);
    Bird2 bird = lab.startBird(a, BgpConfig.of(AS_BIRD, link.a().ipv4())
        .withNeighbor(Neighbor.between(link.a(), link.b(), AS_EXA))
        .announcing("100.64.250.0/24"));
    ExaBgp exa = lab.startExaBgp(b, BgpConfig.of(AS_EXA, link.b().ipv4())
        .withNeighbor(Neighbor.between(link.b(), link.a(), AS_BIRD)));

    bird.awaitEstablished(PATIENCE);
    exa.awaitEstablished(PATIENCE);
    exa.announce("100.65.250.0/24",
        RawAttribute.of(0x63, RawAttribute.OPTIONAL | RawAttribute.TRANSITIVE, "deadbeef"));

    ReceivedRoute route = bird.awaitRoute("100.65.250.0/24", PATIENCE);
    assertThat(route.unknownAttributes()).containsEntry(0x63, "deadbeef");
    assertThat(route.asPath()).containsExactly(AS_EXA);
    // The driver also reads what exabgp received from BIRD.
    assertThat(exa.awaitRoute("100.64.250.0/24", PATIENCE).nextHop()).isEqualTo(link.a().ipv4());
  }
}
