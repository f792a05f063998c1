package io.flatnet.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.SpeakerConfig;
import io.flatnet.lab.Exec;
import io.flatnet.lab.Lab;
import io.flatnet.lab.LabProcess;
import io.flatnet.lab.Link;
import io.flatnet.lab.Netns;
import io.flatnet.lab.Poll;
import io.flatnet.lab.junit.NetnsTest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * GTSM (RFC 5082) across a real router: the agent under test (in the test JVM, root namespace)
 * and a flatnet peer in namespace {@code far} with a forwarding namespace {@code r} between
 * them, so the peer's TTL-255 segments arrive with 254. Allowing one hop, the agent's kernel
 * drops the SYN (TcpExtTCPMinTTLDrop counts it) and the session never sees a byte; allowing
 * two, the same peer establishes.
 */
@NetnsTest
class GtsmRouterHopIT {
  static final long AGENT_AS = 64512;
  static final long FAR_AS = 64513;

  @Test
  void aPeerOneHopFurtherThanAllowedIsRefusedAndTwoHopsEstablish(Lab lab) {
    Netns router = lab.namespace("r");
    Netns far = lab.namespace("far");
    Link near = lab.linkToHost(router);
    Link beyond = lab.link(router, far);
    router.execOrThrow("sysctl", "-qw", "net.ipv4.ip_forward=1");
    far.execOrThrow("ip", "route", "add", "default", "via", beyond.a().ipv4());
    // Only the far /30, only via the router's end of the host link; leaves with the link.
    Exec.run(List.of("ip", "route", "add", network(beyond.b().ipv4()) + "/30", "via", near.b().ipv4())).orThrow();

    IpAddress agentAddress = IpAddress.parse(near.a().ipv4());
    IpAddress farAddress = IpAddress.parse(beyond.b().ipv4());
    try (BgpSpeaker agent = BgpSpeaker.start(SpeakerConfig.of(Asn.of(AGENT_AS), RouterId.parse(near.a().ipv4()))
        .withListen(List.of(agentAddress), SpeakerConfig.BGP_PORT).withIoThreads(1))) {
      agent.setPeers(Set.of(gtsmPeer(farAddress, 1)));
      long dropsBefore = minTtlDrops();
      LabProcess peer = far.startJava("far-speaker", SpeakerProcess.class.getName(),
          List.of(beyond.b().ipv4(), Long.toString(FAR_AS), near.a().ipv4(), Long.toString(AGENT_AS), "2")); // it allows us two hops: only our side is under test

      Poll.until(Duration.ofSeconds(20), "the kernel to drop the far peer's SYNs for their TTL",
          () -> minTtlDrops() >= dropsBefore + 3 ? Optional.of(true) : Optional.empty(), peer::toString);
      PeerStatus refused = agent.peerStatus(farAddress).orElseThrow();
      assertThat(refused.state()).isNotEqualTo(SessionState.ESTABLISHED);
      assertThat(refused.received().total()).as("messages from the peer one hop too far").isZero();
      assertThat(refused.flaps()).isZero();

      agent.setPeers(Set.of(gtsmPeer(farAddress, 2)));
      Poll.until(Duration.ofSeconds(30), "the session with two hops allowed",
          () -> agent.peerStatus(farAddress).filter(s -> s.state() == SessionState.ESTABLISHED),
          () -> "agent sees " + agent.peerStatus(farAddress));
    }
  }

  private static PeerConfig gtsmPeer(IpAddress address, int hops) {
    return PeerConfig.builder(address, Asn.of(FAR_AS)).passive(true).ttlSecurityHops(hops)
        .policy(PeerPolicy.defaults()).build();
  }

  /** The root namespace's count of segments dropped for IP_MINTTL ({@code nstat -asz}). */
  static long minTtlDrops() {
    String out = Exec.run(List.of("nstat", "-asz", "TcpExtTCPMinTTLDrop")).orThrow().stdout();
    for (String line : out.split("\n")) {
      if (line.startsWith("TcpExtTCPMinTTLDrop")) {
        return Long.parseLong(line.trim().split("\\s+")[1]);
      }
    }
    throw new AssertionError("nstat shows no TcpExtTCPMinTTLDrop:\n" + out);
  }

  private static String network(String address) {
    String[] o = address.split("\\.");
    return o[0] + "." + o[1] + "." + o[2] + "." + (Integer.parseInt(o[3]) & ~3);
  }
}
