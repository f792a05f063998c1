package io.flatnet.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.agent.FlatnetMain;
import io.flatnet.bgp.fsm.ConnectRetryBackoff;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.Advertisement;
import io.flatnet.bgp.session.BgpSpeaker;
import io.flatnet.bgp.session.PeerConfig;
import io.flatnet.bgp.session.PeerStatus;
import io.flatnet.bgp.session.SpeakerConfig;
import io.flatnet.lab.Exec;
import io.flatnet.lab.Lab;
import io.flatnet.lab.LabProcess;
import io.flatnet.lab.Link;
import io.flatnet.lab.Netns;
import io.flatnet.lab.Poll;
import io.flatnet.lab.junit.NetnsTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A prefix announced and withdrawn {@value #RATE} times a second by a peer (an in-process
 * speaker in the root namespace) towards the real agent (a child JVM with a 128 MiB heap in
 * namespace {@code node}, installing into that namespace's kernel). Measured on the agent's
 * process: CPU time over wall time, resident memory from the first quarter of the run to its
 * end, and the kernel operations it counted ({@code flatnet_kernel_route_operations_total})
 * against the UPDATEs that carried the changes: the kernel must never be asked more often than
 * the route changed. 10 s in CI; the 60 s run of issue 8 is tagged long.
 */
@NetnsTest
class FlappingPrefixIT {
  static final int RATE = 1000;
  static final String PREFIX = "100.127.77.0/24";

  @Test
  void tenSecondsOfFlapping(Lab lab) throws Exception {
    flap(lab, Duration.ofSeconds(10));
  }

  @Test
  @Tag("long")
  void sixtySecondsOfFlapping(Lab lab) throws Exception {
    flap(lab, Duration.ofSeconds(60));
  }

  private static void flap(Lab lab, Duration duration) throws Exception {
    Netns node = lab.namespace("node");
    Link link = lab.linkToHost(node);
    String agentAddress = link.b().ipv4();
    String peerAddress = link.a().ipv4();
    Path config = lab.dir().resolve("flatnet.yaml");
    Files.writeString(config, AgentYaml.oneNodeOnePeer(agentAddress, "100.127.1.0/24", peerAddress, 65001, ""));
    String java = ProcessHandle.current().info().command().orElseThrow();
    LabProcess agent = node.start("flatnet", List.of(java, "-Xmx128m", "-XX:+UseSerialGC",
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        FlatnetMain.class.getName(), "--config", config.toString(), "--node-name", "node",
        "--api-socket", lab.dir().resolve("node.sock").toString(), "--metrics-listen", "127.0.0.1:9179"), lab.dir());
    try (BgpSpeaker flapper = BgpSpeaker.start(SpeakerConfig.of(Asn.of(65001), RouterId.parse(peerAddress))
        .withoutListener().withIoThreads(1))) {
      IpAddress agentIp = IpAddress.parse(agentAddress);
      flapper.setPeers(Set.of(PeerConfig.builder(agentIp, Asn.of(AgentYaml.NODE_AS)).sourceAddress(IpAddress.parse(peerAddress))
          .backoff(new ConnectRetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)))
          .policy(PeerPolicy.defaults()).build()));
      Set<Advertisement> on = Set.of(Advertisement.of(PREFIX));
      flapper.setAdvertisements(on);
      Poll.until(Duration.ofSeconds(60), "the prefix in the node's kernel",
          () -> node.exec("ip", "route", "show", PREFIX).stdout().contains("100.127.77.0") ? Optional.of(true)
              : Optional.empty(), lab::report);
      Thread.sleep(1000); // the agent's start-up JIT and GC settle
      long pid = agent.pid();
      double cpuBefore = cpuSeconds(pid);
      long updatesBefore = flapper.peerStatus(agentIp).map(s -> s.sent().update()).orElseThrow();
      long opsBefore = kernelOps(node);
      long rssQuarter = 0;
      long started = System.nanoTime();
      long changes = 0;
      long end = started + duration.toNanos();
      long interval = 1_000_000_000L / RATE;
      List<Long> rss = new ArrayList<>();
      for (long next = started; next < end; next += interval) {
        while (System.nanoTime() < next) {
          Thread.onSpinWait();
        }
        flapper.setAdvertisements(changes % 2 == 0 ? Set.of() : on);
        changes++;
        if (changes % RATE == 0) {
          rss.add(rssKiB(pid));
        }
      }
      double wall = (System.nanoTime() - started) / 1e9;
      // End announced, so the kernel's last word is the route.
      flapper.setAdvertisements(on);
      changes++;
      double cpu = cpuSeconds(pid) - cpuBefore;
      Thread.sleep(2000);
      PeerStatus status = flapper.peerStatus(agentIp).orElseThrow();
      long updates = status.sent().update() - updatesBefore;
      long ops = kernelOps(node) - opsBefore;
      rssQuarter = rss.get(Math.max(0, rss.size() / 4 - 1));
      long rssEnd = rssKiB(pid);
      System.out.printf("flapping %s for %.1f s: %d changes (%.0f/s), %d UPDATEs sent; agent CPU %.2f s (%.2f of a core);"
              + " RSS %d KiB at the first quarter, %d KiB at the end (per second: %s); kernel operations %d"
              + " (%.2f per UPDATE); session %s, flaps %d%n", PREFIX, wall, changes, changes / wall, updates, cpu,
          cpu / wall, rssQuarter, rssEnd, rss, ops, updates == 0 ? 0.0 : (double) ops / updates, status.state(),
          status.flaps());

      assertThat(status.state()).isEqualTo(SessionState.ESTABLISHED);
      assertThat(status.flaps()).isZero();
      assertThat(cpu / wall).as("agent CPU, cores").isLessThan(1.0);
      assertThat(rssEnd).as("agent RSS at the end vs the first quarter, KiB").isLessThan(rssQuarter * 12 / 10);
      assertThat(ops).as("kernel operations vs UPDATEs received").isLessThanOrEqualTo(updates + 1);
      assertThat(node.exec("ip", "route", "show", PREFIX).stdout()).contains("100.127.77.0/24 via " + peerAddress);
    }
  }

  /** utime + stime of a process, in seconds ({@code /proc/PID/stat} fields 14 and 15, at 100 Hz). */
  static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  static long rssKiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new AssertionError("no VmRSS for " + pid);
  }

  private static final Pattern OPS = Pattern.compile("^flatnet_kernel_route_operations_total\\{[^}]*} ([0-9.eE+]+)$",
      Pattern.MULTILINE);

  /** All kernel route operations the agent counted (add, replace, delete), from its /metrics. */
  static long kernelOps(Netns node) {
    String metrics = node.exec("curl", "-s", "http://127.0.0.1:9179/metrics").orThrow().stdout();
    Matcher m = OPS.matcher(metrics);
    double total = 0;
    boolean any = false;
    while (m.find()) {
      total += Double.parseDouble(m.group(1));
      any = true;
    }
    assertThat(any).as("flatnet_kernel_route_operations_total in /metrics").isTrue();
    return Math.round(total);
  }
}
