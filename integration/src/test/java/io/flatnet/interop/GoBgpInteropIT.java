package io.flatnet.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flatnet.lab.BgpConfig;
import io.flatnet.lab.BgpDaemon;
import io.flatnet.lab.DaemonKind;
import io.flatnet.lab.Family;
import io.flatnet.lab.GoBgp;
import io.flatnet.lab.Lab;
import io.flatnet.lab.Neighbor;
import io.flatnet.lab.Netns;
import io.flatnet.lab.junit.NetnsTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** {@link UnicastInteropContract} against gobgpd 3. */
@NetnsTest(requires = DaemonKind.GOBGP)
class GoBgpInteropIT extends UnicastInteropContract {
  @Override
  BgpDaemon startDaemon(Lab lab, Netns ns, BgpConfig config) {
    return lab.startGoBgp(ns, config);
  }

  @Override
  void requestRouteRefresh(String neighbor) {
    throw new UnsupportedOperationException(routeRefreshUnsupported());
  }

  @Override
  String routeRefreshUnsupported() {
    return "gobgp 3 sends no ROUTE-REFRESH: it keeps its whole Adj-RIB-In, and `gobgp neighbor X softresetin`"
        + " re-applies import policy to that copy locally (checked: flatnet's ROUTE-REFRESH counter stays at 0)";
  }

  /**
   * gobgp's per-family counter (absent while zero: protobuf JSON omits defaults): listing
   * thousands of routes through the CLI takes seconds per poll.
   */
  @Override
  long daemonRouteCount(Family family) {
    int afi = family == Family.IPV4_UNICAST ? 1 : 2;
    long count = 0;
    for (Neighbor n : daemon.config().neighbors()) {
      String out = ((GoBgp) daemon).gobgp("neighbor", n.address(), "-j").orThrow().stdout();
      try {
        for (JsonNode f : new ObjectMapper().readTree(out).path("afi_safis")) {
          if (f.path("state").path("family").path("afi").asInt() == afi) {
            count += f.path("state").path("received").asLong(0);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return count;
  }

  @Override
  void shutDown(String neighbor, String message) {
    // gobgp 3.10's `disable` ignores --reason (its Cease carries no data); the deprecated
    // `shutdown` sends the RFC 9003 communication, and `enable` undoes either.
    ((GoBgp) daemon).gobgp("neighbor", neighbor, "shutdown", "--reason", message).orThrow();
  }

  @Override
  void bringUp(String neighbor) {
    ((GoBgp) daemon).gobgp("neighbor", neighbor, "enable").orThrow();
  }

  @Override
  DaemonView daemonView(String neighbor) {
    String out = ((GoBgp) daemon).gobgp("neighbor", neighbor, "-j").orThrow().stdout();
    try {
      JsonNode state = new ObjectMapper().readTree(out).path("state");
      long peerAs = state.path("peer_asn").asLong(-1);
      // 4-octet AS is in use when both OPENs carried the capability: ours must name our AS.
      boolean as4 = fourOctetAs(state.path("local_cap")) == AS_DAEMON
          && fourOctetAs(state.path("remote_cap")) == peerAs;
      return new DaemonView(peerAs, as4, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The AS in a FourOctetASNCapability of gobgp's capability list, or -1. gobgp prints each
   * capability as a protobuf Any: the value is base64 of the message, whose field 1 (tag 0x08)
   * is the AS as a varint.
   */
  static long fourOctetAs(JsonNode capabilities) {
    for (JsonNode cap : capabilities) {
      if (!cap.path("type_url").asText().endsWith(".FourOctetASNCapability")) {
        continue;
      }
      byte[] b = Base64.getDecoder().decode(cap.path("value").asText(""));
      if (b.length < 2 || b[0] != 0x08) {
        return -1;
      }
      long value = 0;
      for (int i = 1, shift = 0; i < b.length; i++, shift += 7) {
        value |= (long) (b[i] & 0x7f) << shift;
        if ((b[i] & 0x80) == 0) {
          return value;
        }
      }
    }
    return -1;
  }
}
