package io.flatnet.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flatnet.lab.BgpConfig;
import io.flatnet.lab.BgpDaemon;
import io.flatnet.lab.DaemonKind;
import io.flatnet.lab.GoBgp;
import io.flatnet.lab.Lab;
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
