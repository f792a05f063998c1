package io.flatnet.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.flatnet.lab.BgpConfig;
import io.flatnet.lab.BgpDaemon;
import io.flatnet.lab.DaemonKind;
import io.flatnet.lab.Family;
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
  void requestRouteRefresh(String neighbor) {
    ((Frr) daemon).vtysh("clear bgp " + neighbor + " soft in").orThrow();
  }

  /** The summary's counter: the driver's route list asks vtysh once per prefix, too slow for thousands. */
  @Override
  long daemonRouteCount(Family family) {
    String afi = family == Family.IPV4_UNICAST ? "ipv4" : "ipv6";
    JsonNode peers = ((Frr) daemon).showJson("show bgp " + afi + " unicast summary json").path("peers");
    long count = 0;
    for (JsonNode peer : peers) {
      count += peer.path("pfxRcd").asLong(0);
    }
    return count;
  }

  @Override
  void shutDown(String neighbor, String message) {
    configure("neighbor " + neighbor + " shutdown message " + message);
  }

  @Override
  void bringUp(String neighbor) {
    configure("no neighbor " + neighbor + " shutdown");
  }

  private void configure(String line) {
    var r = ((Frr) daemon).vtysh("configure terminal", "router bgp " + AS_DAEMON, line).orThrow();
    if (r.stdout().lines().anyMatch(l -> l.startsWith("%"))) {
      throw new AssertionError("vtysh rejected `" + line + "`: " + r.describe());
    }
  }

  @Override
  DaemonView daemonView(String neighbor) {
    JsonNode peer = ((Frr) daemon).showJson("show bgp neighbors " + neighbor + " json").path(neighbor);
    // "advertisedAndReceived": both OPENs carried the RFC 6793 capability.
    boolean as4 = peer.path("neighborCapabilities").path("4byteAs").asText("").equals("advertisedAndReceived");
    return new DaemonView(peer.path("remoteAs").asLong(-1), as4, peer.toPrettyString());
  }
}
