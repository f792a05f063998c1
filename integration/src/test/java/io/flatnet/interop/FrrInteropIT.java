package io.flatnet.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.flatnet.lab.BgpConfig;
import io.flatnet.lab.BgpDaemon;
import io.flatnet.lab.DaemonKind;
import io.flatnet.lab.Frr;
import io.flatnet.lab.Lab;
import io.flatnet.lab.Netns;
import io.flatnet.lab.junit.NetnsTest;

/** {@link UnicastInteropContract} against FRR's bgpd (8.x), standalone without zebra. */
@NetnsTest(requires = DaemonKind.FRR)
class FrrInteropIT extends UnicastInteropContract {
  @Override
  BgpDaemon startDaemon(Lab lab, Netns ns, BgpConfig config) {
    return lab.startFrr(ns, config);
  }

  @Override
  DaemonView daemonView(String neighbor) {
    JsonNode peer = ((Frr) daemon).showJson("show bgp neighbors " + neighbor + " json").path(neighbor);
    // "advertisedAndReceived": both OPENs carried the RFC 6793 capability.
    boolean as4 = peer.path("neighborCapabilities").path("4byteAs").asText("").equals("advertisedAndReceived");
    return new DaemonView(peer.path("remoteAs").asLong(-1), as4, peer.toPrettyString());
  }
}
