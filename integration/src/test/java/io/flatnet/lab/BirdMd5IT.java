package io.flatnet.lab;

import io.flatnet.lab.junit.NetnsTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** TCP MD5 (RFC 2385) between two BIRDs: the same key establishes, a different key never does. */
@NetnsTest(requires = DaemonKind.BIRD2)
class BirdMd5IT {
  static final long AS_A = 4200000001L;
  static final long AS_B = 4200000002L;

  @Test
  void matchingKeyEstablishes(Lab lab) {
    Bird2[] pair = start(lab, "flatnet-md5-key", "flatnet-md5-key");
    pair[0].awaitEstablished(Duration.ofSeconds(20));
    pair[1].awaitEstablished(Duration.ofSeconds(20));
  }

  @Test
  void wrongKeyNeverEstablishes(Lab lab) {
    Bird2[] pair = start(lab, "flatnet-md5-key", "some-other-key");
    // A matching pair establishes in about a second here; ten is a wide margin.
    pair[0].assertNeverEstablished(pair[0].config().neighbors().getFirst().address(), Duration.ofSeconds(10));
  }

  private static Bird2[] start(Lab lab, String keyA, String keyB) {
    Netns a = lab.namespace("a");
    Netns b = lab.namespace("b");
    Link link = lab.link(a, b);
    Bird2 birdA = lab.startBird(a, BgpConfig.of(AS_A, link.a().ipv4())
        .withNeighbor(Neighbor.between(link.a(), link.b(), AS_B).withPassword(keyA)));
    Bird2 birdB = lab.startBird(b, BgpConfig.of(AS_B, link.b().ipv4())
        .withNeighbor(Neighbor.between(link.b(), link.a(), AS_A).withPassword(keyB).asPassive()));
    return new Bird2[] {birdA, birdB};
  }
}
