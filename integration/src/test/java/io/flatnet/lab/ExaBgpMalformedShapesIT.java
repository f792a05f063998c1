package io.flatnet.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.lab.junit.NetnsTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins down the malformed UPDATE shapes LAB.md says exabgp 4.2 can send on a live session: each
 * is announced and then found, byte for byte, in what a second exabgp receives. The receiver may
 * reset the session on some; each shape is withdrawn again so that a reconnect does not replay it.
 */
@NetnsTest(requires = DaemonKind.EXABGP)
class ExaBgpMalformedShapesIT {
  static final long AS_REC = 4200000001L;
  static final long AS_EXA = 4200000002L; // 0xfa56ea02 in AS_PATH payloads below
  static final Duration PATIENCE = Duration.ofSeconds(20);

  /** A prefix announced with raw attributes, and the bytes expected in the UPDATE sent. */
  record Shape(String what, String prefix, List<RawAttribute> attributes, String expectedHex) {}

  static final List<Shape> SHAPES = List.of(
      new Shape("unknown optional transitive", "100.66.1.0/24",
          List.of(RawAttribute.of(0x63, 0xc0, "deadbeef")), "c06304deadbeef"),
      new Shape("unknown well-known (transitive, not optional)", "100.66.2.0/24",
          List.of(RawAttribute.of(0x63, 0x40, "01")), "40630101"),
      new Shape("ORIGIN value 5", "100.66.3.0/24",
          List.of(RawAttribute.of(0x01, 0x40, "05")), "40010105"),
      new Shape("ORIGIN flagged optional", "100.66.4.0/24",
          List.of(RawAttribute.of(0x01, 0xc0, "00")), "c0010100"),
      new Shape("ORIGIN length 2", "100.66.5.0/24",
          List.of(RawAttribute.of(0x01, 0x40, "0000")), "4001020000"),
      new Shape("AS_PATH segment type 5", "100.66.6.0/24",
          List.of(RawAttribute.of(0x02, 0x40, "0501fa56ea02")), "4002060501fa56ea02"),
      new Shape("AS_PATH segment count past the end", "100.66.7.0/24",
          List.of(RawAttribute.of(0x02, 0x40, "0205fa56ea02")), "4002060205fa56ea02"),
      new Shape("MED length 3", "100.66.8.0/24",
          List.of(RawAttribute.of(0x04, 0x80, "000001")), "800403000001"),
      new Shape("COMMUNITIES length 3", "100.66.9.0/24",
          List.of(RawAttribute.of(0x08, 0xc0, "000001")), "c00803000001"),
      new Shape("ATOMIC_AGGREGATE length 1", "100.66.10.0/24",
          List.of(RawAttribute.of(0x06, 0x40, "00")), "40060100"),
      new Shape("AGGREGATOR length 2", "100.66.11.0/24",
          List.of(RawAttribute.of(0x07, 0xc0, "0001")), "c007020001"),
      new Shape("LARGE_COMMUNITY length 10", "100.66.12.0/24",
          List.of(RawAttribute.of(0x20, 0xc0, "00000001000000020000")), "c0200a00000001000000020000"),
      new Shape("attribute type code 0", "100.66.13.0/24",
          List.of(RawAttribute.of(0x00, 0xc0, "01")), "c0000101"),
      new Shape("extended-length bit on a 1-octet value", "100.66.14.0/24",
          List.of(RawAttribute.of(0x63, 0xd0, "01")), "d063000101"),
      new Shape("300-octet value: exabgp sets EXTENDED_LENGTH itself", "100.66.15.0/24",
          List.of(RawAttribute.of(0x63, 0xc0, "ab".repeat(300))), "d063012c" + "ab".repeat(300)),
      // Shapes io.flatnet.interop.ExaBgpRfc7606InteropIT sends as well.
      new Shape("optional transitive attribute 29 with junk", "100.66.16.0/24",
          List.of(RawAttribute.of(29, 0xc0, "00ff4d41")), "c01d0400ff4d41"),
      new Shape("unknown optional non-transitive", "100.66.17.0/24",
          List.of(RawAttribute.of(250, 0x80, "0102")), "80fa020102"),
      new Shape("ORIGIN with the Partial bit", "100.66.18.0/24",
          List.of(RawAttribute.of(0x01, 0x60, "00")), "60010100"),
      new Shape("COMMUNITIES with EXTENDED_LENGTH on 4 octets", "100.66.19.0/24",
          List.of(RawAttribute.of(0x08, 0xd0, "fde80001")), "d0080004fde80001"),
      new Shape("MED flagged well-known", "100.66.20.0/24",
          List.of(RawAttribute.of(0x04, 0x40, "00000001")), "40040400000001"),
      new Shape("AGGREGATOR flagged optional non-transitive", "100.66.21.0/24",
          List.of(RawAttribute.of(0x07, 0x80, "fa56ea0264400001")), "800708fa56ea0264400001"),
      new Shape("AS_PATH segment of zero ASNs", "100.66.22.0/24",
          List.of(RawAttribute.of(0x02, 0x40, "0200")), "4002020200"),
      new Shape("second MP_REACH_NLRI next to exabgp's own", "fd00:66:1::/48",
          // AFI 2, SAFI 1, next hop fd00:66:1::1, reserved 0, fd00:66:1::/48
          List.of(RawAttribute.of(0x0e, 0x80, "00020110fd0000660001000000000000000000010030fd0000660001")),
          "800e1c00020110fd0000660001000000000000000000010030fd0000660001"));

  @Test
  void everyShapeGoesOnTheWire(Lab lab) {
    Netns a = lab.namespace("rec");
    Netns b = lab.namespace("exa");
    Link link = lab.link(a, b);
    // A second exabgp records every UPDATE byte for byte before it parses (and maybe rejects) it.
    ExaBgp recorder = lab.startExaBgp(a, BgpConfig.of(AS_REC, link.a().ipv4())
        .withNeighbor(Neighbor.between(link.a(), link.b(), AS_EXA).asPassive()));
    ExaBgp exa = lab.startExaBgp(b, BgpConfig.of(AS_EXA, link.b().ipv4())
        .withNeighbor(Neighbor.between(link.b(), link.a(), AS_REC)));
    exa.awaitEstablished(PATIENCE);

    for (Shape shape : SHAPES) {
      int before = recorder.updatesReceived().size();
      exa.announce(shape.prefix(), shape.attributes().toArray(RawAttribute[]::new));
      String received = awaitWire(recorder, before, shape.expectedHex(), shape.what());
      if (shape.prefix().contains(":")) {
        assertThat(received.indexOf("800e")).as("two MP_REACH_NLRI").isNotEqualTo(received.lastIndexOf("800e"));
      }
      // Out of exabgp's Adj-RIB-Out, so a reconnect does not replay it.
      exa.withdraw(shape.prefix());
    }
    // A second MP_UNREACH_NLRI: exabgp packs a route's path attributes into its withdrawal
    // too, but only finds the route to withdraw if the attributes match the announcement.
    RawAttribute unreach = RawAttribute.of(0x0f, 0x80, "00020130fd0000660002");
    int before = recorder.updatesReceived().size();
    exa.announce("fd00:66:2::/48", unreach);
    awaitWire(recorder, before, "800e", "the announcement with MP_REACH_NLRI and MP_UNREACH_NLRI");
    before = recorder.updatesReceived().size();
    exa.send("neighbor " + link.a().ipv4() + " withdraw route fd00:66:2::/48 next-hop " + link.b().ipv6()
        + " " + unreach.toExabgp());
    String withdrawal = awaitWire(recorder, before, "800f0a00020130fd0000660002", "the withdrawal");
    assertThat(withdrawal.indexOf("800f")).as("two MP_UNREACH_NLRI").isNotEqualTo(withdrawal.lastIndexOf("800f"));

    exa.announce("100.66.200.0/24");
    recorder.awaitRoute("100.66.200.0/24", Duration.ofSeconds(40));
  }

  /** The first UPDATE received after the first {@code skip} ones that contains {@code hex}. */
  private static String awaitWire(ExaBgp recorder, int skip, String hex, String what) {
    return Poll.until(PATIENCE, "the wire to carry " + what, () -> {
      List<String> all = recorder.updatesReceived();
      return all.subList(Math.min(skip, all.size()), all.size()).stream().filter(u -> u.contains(hex)).findFirst();
    }, recorder::diagnostics);
  }
}
