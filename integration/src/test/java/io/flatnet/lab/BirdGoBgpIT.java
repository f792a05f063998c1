package io.flatnet.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.lab.junit.NetnsTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** BIRD and GoBGP on one eBGP session with 4-octet ASNs, IPv4 and IPv6 routes both ways. */
@NetnsTest(requires = {DaemonKind.BIRD2, DaemonKind.GOBGP})
class BirdGoBgpIT {
  static final long AS_BIRD = 4200000001L;
  static final long AS_GOBGP = 4200000002L;
  static final Duration PATIENCE = Duration.ofSeconds(30);

  @Test
  void ipv4AndIpv6RoutesFlowBothWays(Lab lab) {
    Netns a = lab.namespace("bird");
    Netns b = lab.namespace("gobgp");
    Link link = lab.link(a, b);
    String v4a = "100.64.250.0/24";
    String v6a = "fd00:64:a::/48";
    String v4b = "100.65.250.0/24";
    String v6b = "fd00:64:b::/48";

    Bird2 bird = lab.startBird(a, BgpConfig.of(AS_BIRD, link.a().ipv4())
        .withNeighbor(Neighbor.between(link.a(), link.b(), AS_GOBGP))
        .announcing(v4a, v6a));
    GoBgp gobgp = lab.startGoBgp(b, BgpConfig.of(AS_GOBGP, link.b().ipv4())
        .withNeighbor(Neighbor.between(link.b(), link.a(), AS_BIRD))
        .announcing(v4b, v6b));

    bird.awaitEstablished(PATIENCE);
    gobgp.awaitEstablished(PATIENCE);

    ReceivedRoute atGobgp4 = gobgp.awaitRoute(v4a, PATIENCE);
    ReceivedRoute atGobgp6 = gobgp.awaitRoute(v6a, PATIENCE);
    assertThat(atGobgp4.nextHop()).isEqualTo(link.a().ipv4());
    assertThat(atGobgp4.asPath()).containsExactly(AS_BIRD);
    assertThat(atGobgp6.nextHop()).isEqualTo(link.a().ipv6());

    ReceivedRoute atBird4 = bird.awaitRoute(v4b, PATIENCE);
    ReceivedRoute atBird6 = bird.awaitRoute(v6b, PATIENCE);
    assertThat(atBird4.nextHop()).isEqualTo(link.b().ipv4());
    assertThat(atBird4.asPath()).containsExactly(AS_GOBGP);
    assertThat(atBird6.nextHop()).isEqualTo(link.b().ipv6());
    assertThat(atBird6.peer()).isEqualTo(link.b().ipv4());

    // Runtime announce and withdraw through each driver.
    gobgp.announce("100.65.251.0/24");
    bird.awaitRoute("100.65.251.0/24", PATIENCE);
    bird.withdraw(v6a);
    gobgp.awaitNoRoute(v6a, PATIENCE);
    bird.announce("fd00:64:c::/48");
    gobgp.awaitRoute("fd00:64:c::/48", PATIENCE);
  }
}
