package io.flatnet.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Ipv4BlockTest {
  @Test
  void parsesAndMasks() {
    Ipv4Block b = Ipv4Block.parse("100.64.7.9/24").orElseThrow();
    assertThat(b).isEqualTo(Ipv4Block.parse("100.64.7.0/24").orElseThrow());
    assertThat(Ipv4Block.parse("100.64.7.9").orElseThrow().length()).isEqualTo(32);
    assertThat(Ipv4Block.parse("default")).isEmpty();
    assertThat(Ipv4Block.parse("300.1.1.1/8")).isEmpty();
    assertThat(Ipv4Block.parse("fd00::/8")).isEmpty();
  }

  @Test
  void overlapAndContainment() {
    Ipv4Block lab = Ipv4Block.parse("100.70.3.0/24").orElseThrow();
    assertThat(lab.within(Ipv4Block.CGNAT)).isTrue();
    assertThat(Ipv4Block.parse("100.128.0.0/30").orElseThrow().within(Ipv4Block.CGNAT)).isFalse();
    assertThat(Ipv4Block.parse("10.0.0.0/8").orElseThrow().within(Ipv4Block.CGNAT)).isFalse();
    assertThat(lab.overlaps(Ipv4Block.parse("100.70.3.4/30").orElseThrow())).isTrue();
    assertThat(lab.overlaps(Ipv4Block.parse("100.70.0.0/16").orElseThrow())).isTrue();
    assertThat(lab.overlaps(Ipv4Block.parse("100.70.4.0/24").orElseThrow())).isFalse();
  }
}
