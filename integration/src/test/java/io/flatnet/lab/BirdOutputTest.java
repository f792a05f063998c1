package io.flatnet.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** birdc output shapes as BIRD 2.0.12 prints them, trimmed to what the parser reads. */
class BirdOutputTest {
  static final Neighbor N0 = new Neighbor("100.64.9.2", 4200000002L, "100.64.9.1", "100.64.9.1",
      "fd00:64:909:1::1", null, false, Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST));

  @Test
  void peerState() {
    String out = """
        BIRD 2.0.12 ready.
        Name       Proto      Table      State  Since         Info
        n0         BGP        ---        start  10:00:00.000  Active        Socket: Connection refused
          BGP state:          Active
            Neighbor address: 100.64.9.2
            Last error:       Socket: Connection refused
        """;
    PeerState state = BirdOutput.peerState("100.64.9.2", out);
    assertThat(state.state()).isEqualTo(SessionState.ACTIVE);
    assertThat(state.detail()).contains("Connection refused");
  }

  @Test
  void routesFromNeighborProtocolsOnly() {
    String out = """
        BIRD 2.0.12 ready.
        Table master4:
        100.64.20.0/24       unicast [n0 10:00:01.000] * (100) [AS4200000002?]
        \tvia 100.64.9.2 on fl12345a
        \tType: BGP univ
        \tBGP.origin: Incomplete
        \tBGP.as_path: 4200000002 4200000003
        \tBGP.next_hop: 100.64.9.2
        \tBGP.local_pref: 100
        \tBGP.community: (65000,1) (65000,2)
        \tBGP.63 [t]: de ad be ef
                             unicast [n1 10:00:02.000] (100) [AS65001i]
        \tvia 100.64.9.6 on fl12345c
        \tBGP.next_hop: 100.64.9.6
        100.64.10.0/24       blackhole [fnl_static4 10:00:00.000] * (200)
        \tType: static univ

        Table master6:
        fd00:64:20::/48      unicast [n0 10:00:01.000 from 100.64.9.2] * (100) [AS4200000002i]
        \tvia fd00:64:909:1::2 on fl12345a
        \tBGP.as_path: 4200000002
        \tBGP.next_hop: fd00:64:909:1::2 fe80::1
        """;
    List<ReceivedRoute> routes = BirdOutput.routes(out, List.of("n0"), List.of(N0));
    assertThat(routes).containsExactly(
        new ReceivedRoute("100.64.20.0/24", "100.64.9.2", List.of(4200000002L, 4200000003L),
            List.of("65000:1", "65000:2"), "100.64.9.2", Map.of(0x63, "deadbeef")),
        new ReceivedRoute("fd00:64:20::/48", "fd00:64:909:1::2", List.of(4200000002L), List.of(),
            "100.64.9.2", Map.of()));
  }
}
