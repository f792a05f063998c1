package io.flatnet.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.lab.junit.NetnsTest;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The lab's own plumbing: both ways of running code under test, and complete cleanup. */
@NetnsTest
class LabIT {
  @Test
  @NetnsTest(requires = DaemonKind.BIRD2)
  void inProcessCodeReachesDaemonOverHostLink(Lab lab) throws IOException {
    Netns ns = lab.namespace("bird");
    Link link = lab.linkToHost(ns);
    assertThat(link.a().ns().isHost()).isTrue();
    assertThat(link.a().hasIpv6()).isFalse();
    lab.startBird(ns, BgpConfig.of(4200000001L, link.b().ipv4())
        .withNeighbor(Neighbor.between(link.b(), link.a(), 4200000002L).asPassive()));

    // What an in-process speaker does: bind the lab address in the root namespace, connect.
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(link.a().ipv4()), 0));
      s.connect(new InetSocketAddress(link.b().ipv4(), 179), 5_000);
      s.setSoTimeout(5_000);
      byte[] header = new byte[19];
      new DataInputStream(s.getInputStream()).readFully(header);
      assertThat(header[18]).as("BIRD answers with an OPEN").isEqualTo((byte) 1);
    }

    // The root end added routes inside 100.64.0.0/10 only, and no IPv6 at all.
    String v4 = Exec.run(List.of("ip", "-4", "route", "show", "table", "all", "dev", link.a().ifName())).orThrow().stdout();
    String v6 = Exec.run(List.of("ip", "-6", "route", "show", "table", "all", "dev", link.a().ifName())).orThrow().stdout();
    assertThat(v4).contains(link.a().ipv4()).doesNotContain("default");
    assertThat(v6).isBlank();
  }

  @Test
  void hostLinkWithUlaAddsOnlyItsOwnSlash64(Lab lab) throws IOException {
    Netns ns = lab.namespace("v6");
    Link link = lab.linkToHost(ns, HostIpv6.ULA);
    assertThat(link.a().hasIpv6()).isTrue();
    assertThat(link.a().ipv6()).startsWith("fd00:64:").endsWith("::1");
    assertThat(link.b().ipv6()).isEqualTo(link.a().ipv6().replaceFirst("1$", "2"));

    // The connected /64 and the address itself (local table); no fe80::, no default, nothing else.
    String net = link.a().ipv6().substring(0, link.a().ipv6().length() - 1);
    List<String> v6 = Exec.run(List.of("ip", "-6", "-o", "route", "show", "table", "all", "dev", link.a().ifName()))
        .orThrow().stdout().lines().map(String::strip).toList();
    assertThat(v6).anyMatch(r -> r.startsWith(net + "/64 "));
    assertThat(v6).allMatch(r -> r.startsWith(net) || r.startsWith("local " + net) || r.startsWith("anycast " + net)
        || r.startsWith("multicast ff00::/8 "));
    String addresses = Exec.run(List.of("ip", "-6", "addr", "show", "dev", link.a().ifName())).orThrow().stdout();
    assertThat(addresses).doesNotContain("fe80").doesNotContain("tentative");

    // Usable at once (no DAD): a TCP connection over the veth from the root namespace's end.
    LabProcess child = ns.startJava("echo6", EchoServer.class.getName(), List.of(link.b().ipv6(), "7000"));
    child.awaitLog(Pattern.compile("listening"), Duration.ofSeconds(20));
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(link.a().ipv6()), 0));
      s.connect(new InetSocketAddress(link.b().ipv6(), 7000), 5_000);
      s.setSoTimeout(5_000);
      s.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
      assertThat(new String(s.getInputStream().readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("ping\n");
    }
  }

  @Test
  void childJvmRunsInsideNamespace(Lab lab) throws IOException {
    Netns ns = lab.namespace("jvm");
    Link link = lab.linkToHost(ns);
    LabProcess child = ns.startJava("echo", EchoServer.class.getName(), List.of(link.b().ipv4(), "7000"));
    child.awaitLog(Pattern.compile("listening"), Duration.ofSeconds(20));
    try (Socket s = new Socket(link.b().ipv4(), 7000)) {
      s.setSoTimeout(5_000);
      s.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
      String reply = new String(s.getInputStream().readNBytes(5), StandardCharsets.UTF_8);
      assertThat(reply).isEqualTo("ping\n");
    }
  }

  @Test
  @NetnsTest(requires = DaemonKind.BIRD2)
  void closeRemovesEverything(Lab lab) {
    Netns a = lab.namespace("a");
    Netns b = lab.namespace("b");
    Link link = lab.link(a, b);
    Link toHost = lab.linkToHost(b);
    Bird2 bird = lab.startBird(a, BgpConfig.of(4200000001L, link.a().ipv4())
        .withNeighbor(Neighbor.between(link.a(), link.b(), 4200000002L)));
    ProcessHandle pid = ProcessHandle.of(bird.process().pid()).orElseThrow();
    assertThat(bird.peer(link.b().ipv4()).state()).isNotEqualTo(SessionState.ESTABLISHED);

    lab.close();

    assertThat(pid.isAlive()).isFalse();
    String namespaces = Exec.run(List.of("ip", "netns", "list")).orThrow().stdout();
    assertThat(namespaces).doesNotContain(a.name()).doesNotContain(b.name());
    assertThat(Exec.run(List.of("ip", "link", "show", toHost.a().ifName())).ok()).isFalse();
    assertThat(lab.dir()).doesNotExist();
  }
}
