package io.flatnet.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.lab.junit.NetnsTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** BIRD and FRR's standalone bgpd: eBGP with 4-octet ASNs, IPv4 and IPv6 both ways, communities. */
@NetnsTest(requires = {DaemonKind.BIRD2, DaemonKind.FRR})
class BirdFrrIT {
  static final long AS_BIRD = 4200000001L;
  static final long AS_FRR = 4200000002L;
  static final Duration PATIENCE = Duration.ofSeconds(30);

  @Test
  void ipv4AndIpv6RoutesFlowBothWays(Lab lab) {
    Netns a = lab.namespace("bird");
    Netns b = lab.namespace("frr");
    Link link = lab.link(a, b);

    Bird2 bird = lab.startBird(a, BgpConfig.of(AS_BIRD, link.a().ipv4())
        .withNeighbor(Neighbor.between(link.a(), link.b(), AS_FRR))
        .announcing("100.64.250.0/24", "fd00:64:a::/48"));
    Frr frr = lab.startFrr(b, BgpConfig.of(AS_FRR, link.b().ipv4())
        .withNeighbor(Neighbor.between(link.b(), link.a(), AS_BIRD))
        .announcing("100.65.250.0/24", "fd00:64:b::/48"));

    bird.awaitEstablished(PATIENCE);
    frr.awaitEstablished(PATIENCE);

    ReceivedRoute atFrr4 = frr.awaitRoute("100.64.250.0/24", PATIENCE);
    ReceivedRoute atFrr6 = frr.awaitRoute("fd00:64:a::/48", PATIENCE);
    assertThat(atFrr4.nextHop()).isEqualTo(link.a().ipv4());
    assertThat(atFrr4.asPath()).containsExactly(AS_BIRD);
    assertThat(atFrr4.peer()).isEqualTo(link.a().ipv4());
    assertThat(atFrr6.nextHop()).isEqualTo(link.a().ipv6());

    ReceivedRoute atBird4 = bird.awaitRoute("100.65.250.0/24", PATIENCE);
    ReceivedRoute atBird6 = bird.awaitRoute("fd00:64:b::/48", PATIENCE);
    assertThat(atBird4.nextHop()).isEqualTo(link.b().ipv4());
    assertThat(atBird4.asPath()).containsExactly(AS_FRR);
    assertThat(atBird6.nextHop()).isEqualTo(link.b().ipv6());

    frr.announce("fd00:64:c::/48");
    bird.awaitRoute("fd00:64:c::/48", PATIENCE);
    frr.withdraw("100.65.250.0/24");
    bird.awaitNoRoute("100.65.250.0/24", PATIENCE);
    bird.announce("100.64.251.0/24");
    frr.awaitRoute("100.64.251.0/24", PATIENCE);
  }
}
