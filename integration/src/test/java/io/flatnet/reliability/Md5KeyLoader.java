package io.flatnet.reliability;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.SpeakerConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Child-JVM payload for {@link Md5OptmemLimitIT}: a speaker listening on 127.0.0.1 of its
 * namespace, configured with N passive peers 127.0.1.1.. each with its own TCP MD5 key.
 */
public final class Md5KeyLoader {
  private Md5KeyLoader() {}

  public static void main(String[] args) throws InterruptedException {
    int count = Integer.parseInt(args[0]);
    BgpSpeaker speaker = BgpSpeaker.start(SpeakerConfig.of(Asn.of(64512), RouterId.parse("100.64.0.1"))
        .withListen(List.of(IpAddress.parse("127.0.0.1")), 0).withIoThreads(1));
    Set<PeerConfig> peers = new HashSet<>();
    for (int i = 1; i <= count; i++) {
      peers.add(PeerConfig.builder(IpAddress.parse("127.0.1." + i), Asn.of(64513)).passive(true)
          .md5Password("key-of-peer-" + i).build());
    }
    speaker.setPeers(peers);
    System.out.println("configured " + count + " peers");
    System.out.flush();
    Thread.sleep(60_000); // the lab stops this process
  }
}
