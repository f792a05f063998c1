package io.flatnet.reliability;

import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.SpeakerConfig;
import java.time.Duration;
import java.util.Set;

/**
 * Child-JVM payload: a flatnet speaker in a lab namespace with one active peer, for tests whose
 * far end must sit in another namespace. Arguments: local address, local AS, peer address, peer
 * AS, GTSM hops (0 for none). It prints each state change and runs until the lab stops it.
 */
public final class SpeakerProcess {
  private SpeakerProcess() {}

  public static void main(String[] args) throws InterruptedException {
    IpAddress local = IpAddress.parse(args[0]);
    BgpSpeaker speaker = BgpSpeaker.start(SpeakerConfig.of(Asn.of(Long.parseLong(args[1])),
        RouterId.parse(args[0])).withoutListener().withIoThreads(1));
    speaker.setPeers(Set.of(PeerConfig.builder(IpAddress.parse(args[2]), Asn.of(Long.parseLong(args[3])))
        .sourceAddress(local).ttlSecurityHops(Integer.parseInt(args[4]))
        .backoff(new ConnectRetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)))
        .policy(PeerPolicy.defaults()).build()));
    System.out.println("speaker started");
    System.out.flush();
    Thread.sleep(Duration.ofMinutes(10));
  }
}
