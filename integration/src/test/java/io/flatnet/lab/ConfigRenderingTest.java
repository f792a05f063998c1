package io.flatnet.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generated daemon configs carry the settings that interop depends on. */
class ConfigRenderingTest {
  static final Neighbor TO_PEER = new Neighbor("100.64.9.2", 4200000002L, "100.64.9.1", "100.64.9.1",
      "fd00:64:909:1::1", null, false, Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST));
  static final BgpConfig CONFIG = BgpConfig.of(4200000001L, "100.64.9.1")
      .withNeighbor(TO_PEER.withPassword("s3cret").asPassive())
      .announcing("100.64.50.0/24", "fd00:64:50::/48");

  @Test
  void bird() {
    String c = Bird2.renderConfig(CONFIG, CONFIG.prefixes());
    assertThat(c)
        .contains("local 100.64.9.1 as 4200000001;")
        .contains("neighbor 100.64.9.2 as 4200000002;")
        .contains("passive on;")
        .contains("password \"s3cret\";")
        .contains("route 100.64.50.0/24 blackhole;")
        .contains("route fd00:64:50::/48 blackhole;")
        .contains("next hop address fd00:64:909:1::1;")
        .doesNotContain("protocol kernel");
  }

  @Test
  void frr() {
    String c = Frr.renderConfig(CONFIG, "fnlx-frr");
    assertThat(c)
        .contains("router bgp 4200000001")
        .contains("no bgp ebgp-requires-policy")
        .contains("no bgp default ipv4-unicast")
        .contains("neighbor 100.64.9.2 password s3cret")
        .contains("neighbor 100.64.9.2 passive")
        .contains("  network fd00:64:50::/48")
        .contains("neighbor 100.64.9.2 route-map fnl-nh-0-v6 out")
        .contains("set ipv6 next-hop global fd00:64:909:1::1")
        .doesNotContain("fnl-nh-0-v4");
  }

  @Test
  void gobgp() {
    String c = GoBgp.renderConfig(CONFIG);
    assertThat(c)
        .contains("as = 4200000001")
        .contains("peer-as = 4200000002")
        .contains("auth-password = \"s3cret\"")
        .contains("passive-mode = true")
        .contains("afi-safi-name = \"ipv6-unicast\"")
        .contains("set-next-hop = \"fd00:64:909:1::1\"")
        .contains("neighbor-info-list = [\"100.64.9.2\"]");
  }

  @Test
  void gobgpWithoutForeignFamilyHasNoPolicy() {
    BgpConfig v4only = BgpConfig.of(1, "100.64.9.1").withNeighbor(TO_PEER.withFamilies(Set.of(Family.IPV4_UNICAST)));
    assertThat(GoBgp.renderConfig(v4only)).doesNotContain("policy");
  }

  @Test
  void exabgp() {
    String c = ExaBgp.renderConfig(CONFIG, Path.of("/tmp/x/feed.sh"));
    assertThat(c)
        .contains("run /tmp/x/feed.sh;")
        .contains("local-as 4200000001;")
        .contains("peer-as 4200000002;")
        .contains("md5-password \"s3cret\";")
        .contains("passive true;")
        .contains("ipv6 unicast;")
        .contains("receive { parsed; packets; update; notification; }")
        .doesNotContain("send {");
    assertThat(ExaBgp.feedScript(Path.of("/tmp/x"))).contains("exec 4<&0").contains("exec 3<> '/tmp/x/commands.fifo'");
  }
}
