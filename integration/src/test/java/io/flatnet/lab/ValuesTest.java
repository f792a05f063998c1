package io.flatnet.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ValuesTest {
  @Test
  void sessionStateFromEachDaemonsWording() {
    assertThat(SessionState.parse("Established")).isEqualTo(SessionState.ESTABLISHED);
    assertThat(SessionState.parse("OpenSent")).isEqualTo(SessionState.OPEN_SENT);
    assertThat(SessionState.parse("BGP_FSM_OPENCONFIRM")).isEqualTo(SessionState.OPEN_CONFIRM);
    assertThat(SessionState.parse("Clearing")).isEqualTo(SessionState.UNKNOWN);
  }

  @Test
  void rawAttributeRendersExabgpSyntax() {
    assertThat(RawAttribute.of(0x63, RawAttribute.OPTIONAL | RawAttribute.TRANSITIVE, "DEADbeef").toExabgp())
        .isEqualTo("attribute [ 0x63 0xc0 0xdeadbeef ]");
    assertThat(RawAttribute.of(1, 0x40, "").toExabgp()).isEqualTo("attribute [ 0x01 0x40 0x ]");
    assertThatThrownBy(() -> RawAttribute.of(1, 0x40, "abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RawAttribute.of(256, 0x40, "")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void familyOfPrefix() {
    assertThat(Family.of("100.64.1.0/24")).isEqualTo(Family.IPV4_UNICAST);
    assertThat(Family.of("fd00:64::/32")).isEqualTo(Family.IPV6_UNICAST);
  }

  @Test
  void neighborRejectsBadAs() {
    assertThatThrownBy(() -> new Neighbor("100.64.0.1", 0, "100.64.0.2", null, null, null, false,
        java.util.Set.of(Family.IPV4_UNICAST))).isInstanceOf(IllegalArgumentException.class);
  }
}
