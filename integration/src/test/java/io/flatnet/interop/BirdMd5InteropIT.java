package io.flatnet.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.lab.BgpConfig;
import io.flatnet.lab.Bird2;
import io.flatnet.lab.DaemonKind;
import io.flatnet.lab.Family;
import io.flatnet.lab.Lab;
import io.flatnet.lab.Link;
import io.flatnet.lab.Neighbor;
import io.flatnet.lab.Netns;
import io.flatnet.lab.Poll;
import io.flatnet.lab.junit.NetnsTest;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TCP MD5 (RFC 2385) between the in-process speaker and BIRD: the same key establishes, whichever
 * side opens the connection (our listener's key and our outbound socket's key); a different key
 * never does, on either side, though both keep trying in both directions. Each test has its own
 * lab, since BIRD's key is in its config.
 */
@NetnsTest(requires = DaemonKind.BIRD2)
@ExtendWith(PrintSpeakersOnFailure.class)
class BirdMd5InteropIT {
  static final long AS_BIRD = 4_200_000_001L;
  static final String KEY = "flatnet-interop-md5";
  static final Duration PATIENCE = Duration.ofSeconds(30);
  /** A matching pair establishes in about a second here; ten is a wide margin. */
  static final Duration NEVER = Duration.ofSeconds(10);

  InProcessSpeaker flatnet;

  @AfterEach
  void stopSpeaker() {
    if (flatnet != null) {
      flatnet.close();
    }
  }

  @Test
  void matchingKeyEstablishesWhenBirdConnects(Lab lab) {
    Link link = link(lab);
    Bird2 bird = lab.startBird(link.b().ns(), birdConfig(link, KEY, false));
    flatnet = InProcessSpeaker.listening(link.a().ipv4(), link.a().ipv4());
    assertThat(flatnet.speaker.epoll()).as("TCP MD5 needs netty's epoll transport").isTrue();
    flatnet.setPeers(peer(link, KEY).passive(true).build());

    flatnet.awaitEstablished(link.b().ipv4(), PATIENCE);
    bird.awaitEstablished(link.a().ipv4(), PATIENCE);
  }

  @Test
  void matchingKeyEstablishesWhenFlatnetConnects(Lab lab) {
    Link link = link(lab);
    Bird2 bird = lab.startBird(link.b().ns(), birdConfig(link, KEY, true));
    flatnet = InProcessSpeaker.connectOnly(link.a().ipv4());
    assertThat(flatnet.speaker.epoll()).as("TCP MD5 needs netty's epoll transport").isTrue();
    flatnet.setPeers(peer(link, KEY).build());

    flatnet.awaitEstablished(link.b().ipv4(), PATIENCE);
    bird.awaitEstablished(link.a().ipv4(), PATIENCE);
  }

  @Test
  void wrongKeyNeverEstablishesOnEitherSide(Lab lab) {
    Link link = link(lab);
    // Both sides connect and both listen, so both our listener's key and our outbound key meet
    // BIRD's different one.
    Bird2 bird = lab.startBird(link.b().ns(), birdConfig(link, "some-other-key", false));
    flatnet = InProcessSpeaker.listening(link.a().ipv4(), link.a().ipv4());
    assertThat(flatnet.speaker.epoll()).as("TCP MD5 needs netty's epoll transport").isTrue();
    flatnet.setPeers(peer(link, KEY).build());

    Poll.never(NEVER, "a session with mismatched TCP MD5 keys Established on either side",
        () -> bird.peer(link.a().ipv4()).established()
            || flatnet.status(link.b().ipv4()).map(s -> s.state() == SessionState.ESTABLISHED).orElse(false),
        () -> flatnet.describe() + "\n" + bird.diagnostics());
    assertThat(flatnet.status(link.b().ipv4()).orElseThrow().flaps()).isZero();

    // The same setup with the right key comes up: nothing but the key kept it down.
    flatnet.setPeers(peer(link, "some-other-key").build());
    flatnet.awaitEstablished(link.b().ipv4(), PATIENCE);
    bird.awaitEstablished(link.a().ipv4(), PATIENCE);
  }

  private static Link link(Lab lab) {
    Netns ns = lab.namespace("bird");
    return lab.linkToHost(ns);
  }

  private static BgpConfig birdConfig(Link link, String key, boolean passive) {
    Neighbor n = Neighbor.between(link.b(), link.a(), InProcessSpeaker.ASN)
        .withFamilies(EnumSet.of(Family.IPV4_UNICAST)).withPassword(key);
    return BgpConfig.of(AS_BIRD, link.b().ipv4()).withNeighbor(passive ? n.asPassive() : n);
  }

  private static PeerConfig.Builder peer(Link link, String key) {
    return InProcessSpeaker.peer(link.b().ipv4(), AS_BIRD, link.a().ipv4(), AddressFamily.IPV4_UNICAST)
        .md5Password(key);
  }
}
