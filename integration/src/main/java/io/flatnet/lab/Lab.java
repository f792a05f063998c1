package io.flatnet.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A throw-away network: namespaces joined by veth pairs, with the BGP daemons and processes
 * started in them, and a temp directory for their configs and logs. {@link #close()} stops
 * every process by PID, deletes the links and namespaces, and (unless {@link #keepFiles()})
 * the directory; a JVM shutdown hook does the same for a lab a crashed test left open.
 *
 * <h2>Addresses</h2>
 * Each lab draws one IPv4 /24 at random from 100.64.0.0/10 (checked against the root
 * namespace's routes) and gives link k the /30 {@code 100.S.T.4k+1 - .4k+2}; IPv6 ends get
 * {@code fd00:64:SSTT:k+1::1/64} and {@code ::2}, which exist only inside the lab's namespaces.
 * Names carry a random lab id ({@code fnl<id>-<name>} for namespaces, {@code fl<id><k>a} for
 * interfaces) so concurrent runs on one machine do not collide. The system property
 * {@value #PREFIX_PROPERTY} replaces {@code fnl} in namespace names, so that whoever runs the
 * tests can tell (and clean up) their own namespaces on a shared machine.
 *
 * <h2>Where the code under test runs</h2>
 * (a) {@link #linkToHost(Netns)}: one veth end stays in the root namespace with an IPv4
 * address from the lab's /24 and IPv6 disabled, so an in-process speaker in the test JVM binds
 * it directly; the lab checks that the only routes this adds are inside 100.64.0.0/10. This is
 * the default, because assertions on an in-process speaker are direct. With
 * {@link #linkToHost(Netns, HostIpv6) HostIpv6.ULA} the root end also gets the link's
 * {@code fd00:64:SSTT:k+1::1/64} (no link-local address, no DAD), whose connected /64 is then
 * the only IPv6 route it adds: IPv6 traffic of that address stays on the veth.
 * (b) {@link Netns#startJava}: a child JVM inside a namespace, output captured to a log.
 */
public final class Lab implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<Lab> OPEN = Collections.synchronizedSet(new HashSet<>());
  private static final int MAX_LINKS = 63;
  /** Namespace name prefix instead of {@code fnl}: a letter, then at most 5 letters or digits. */
  public static final String PREFIX_PROPERTY = "flatnet.lab.prefix";

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(Lab::closeAllQuietly, "lab-cleanup"));
  }

  private final String id;
  private final Path dir;
  private final int octet2;
  private final int octet3;
  private final Netns host;
  private final Map<String, Netns> namespaces = new LinkedHashMap<>();
  private final List<String> hostLinks = new ArrayList<>();
  private final List<LabProcess> processes = new ArrayList<>();
  private final List<BgpDaemon> daemons = new ArrayList<>();
  private final Set<String> names = new HashSet<>();
  private int links;
  private boolean keep = Boolean.getBoolean("flatnet.lab.keep");
  private boolean closed;

  private Lab(String id, Path dir, int octet2, int octet3) {
    this.id = id;
    this.dir = dir;
    this.octet2 = octet2;
    this.octet3 = octet3;
    this.host = new Netns(this, "host", true);
  }

  /** A new, empty lab. Needs root; see {@code io.flatnet.lab.junit.LabEnvironment}. */
  public static Lab create() {
    String id = HexFormat.of().toHexDigits(RANDOM.nextInt()).substring(0, 5);
    int[] block = freeBlock();
    try {
      Path dir = Files.createTempDirectory(Path.of("/tmp"), "fnlab-" + id + "-");
      Lab lab = new Lab(id, dir, block[0], block[1]);
      OPEN.add(lab);
      return lab;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String id() {
    return id;
  }

  /** Configs, sockets and logs of everything this lab started. */
  public Path dir() {
    return dir;
  }

  /** The IPv4 /24 this lab's links are numbered from. */
  public String ipv4Block() {
    return "100." + octet2 + "." + octet3 + ".0/24";
  }

  /** The root namespace, where the test JVM runs. */
  public Netns host() {
    return host;
  }

  /** Creates namespace {@code fnl<id>-<shortName>} (see {@code flatnet.lab.prefix}) with lo up and IPv6 DAD off. */
  public synchronized Netns namespace(String shortName) {
    if (!shortName.matches("[a-z0-9]{1,12}")) {
      throw new IllegalArgumentException("namespace short name must be [a-z0-9]{1,12}: " + shortName);
    }
    String name = namespacePrefix() + id + "-" + shortName;
    if (namespaces.containsKey(name)) {
      throw new IllegalArgumentException("namespace exists: " + name);
    }
    Exec.run(List.of("ip", "netns", "add", name)).orThrow();
    Netns ns = new Netns(this, name, false);
    namespaces.put(name, ns);
    ns.execOrThrow("ip", "link", "set", "lo", "up");
    // DAD would leave fresh IPv6 addresses "tentative" (unbindable) for a second or more.
    ns.execOrThrow("sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
    return ns;
  }

  /** {@code fnl}, or what {@value #PREFIX_PROPERTY} says. */
  public static String namespacePrefix() {
    String p = System.getProperty(PREFIX_PROPERTY, "fnl");
    if (!p.matches("[a-z][a-z0-9]{0,5}")) {
      throw new IllegalArgumentException(PREFIX_PROPERTY + " must be [a-z][a-z0-9]{0,5}: " + p);
    }
    return p;
  }

  public Link link(Netns a, Netns b) {
    return link(a, b, LinkLocal.OFF);
  }

  /** A veth pair between two lab namespaces, each end with IPv4 and IPv6 addresses, up. */
  public synchronized Link link(Netns a, Netns b, LinkLocal linkLocal) {
    if (a.isHost() || b.isHost()) {
      throw new IllegalArgumentException("use linkToHost for the root namespace");
    }
    int k = nextLink();
    String ifA = ifName(k, 'a');
    String ifB = ifName(k, 'b');
    Exec.run(List.of("ip", "link", "add", "name", ifA, "netns", a.name(), "type", "veth",
        "peer", "name", ifB, "netns", b.name())).orThrow();
    Endpoint ea = new Endpoint(a, ifA, v4(k, 1), 30, v6(k, 1), 64);
    Endpoint eb = new Endpoint(b, ifB, v4(k, 2), 30, v6(k, 2), 64);
    configure(ea, linkLocal);
    configure(eb, linkLocal);
    return new Link(ea, eb);
  }

  /**
   * Option (a): a veth pair whose {@code a} end stays in the root namespace with only an IPv4
   * address from this lab's block; {@code b} is in {@code ns} with IPv4 and IPv6.
   */
  public Link linkToHost(Netns ns) {
    return linkToHost(ns, HostIpv6.NONE);
  }

  /**
   * Option (a) with a choice for the root end's IPv6: {@link HostIpv6#ULA} gives it
   * {@code fd00:64:SSTT:k+1::1/64} (the {@code b} end has {@code ::2}) and nothing else: no
   * link-local address, no DAD, no router advertisements, so the only IPv6 route it brings is
   * the connected /64, on this veth. An in-process speaker can then run IPv6 sessions and
   * advertise a global IPv6 next hop.
   */
  public synchronized Link linkToHost(Netns ns, HostIpv6 ipv6) {
    int k = nextLink();
    String ifH = ifName(k, 'h');
    String ifN = ifName(k, 'n');
    Exec.run(List.of("ip", "link", "add", "name", ifH, "type", "veth", "peer", "name", ifN,
        "netns", ns.name())).orThrow();
    hostLinks.add(ifH);
    Endpoint eh;
    if (ipv6 == HostIpv6.ULA) {
      // No fe80:: address (and so no fe80::/64 route), no DAD, nothing learned from RAs: the
      // ULA /64 assigned here is the only IPv6 the root end has.
      Exec.run(List.of("ip", "link", "set", ifH, "addrgenmode", "none")).orThrow();
      Exec.run(List.of("sysctl", "-qw", "net.ipv6.conf." + ifH + ".accept_ra=0",
          "net.ipv6.conf." + ifH + ".autoconf=0", "net.ipv6.conf." + ifH + ".accept_dad=0",
          "net.ipv6.conf." + ifH + ".disable_ipv6=0")).orThrow();
      eh = new Endpoint(host, ifH, v4(k, 1), 30, v6(k, 1), 64);
      Exec.run(List.of("ip", "addr", "add", eh.ipv6Cidr(), "dev", ifH, "nodad")).orThrow();
    } else {
      // No IPv6 at all on the root end: not even a link-local route may leak into the host.
      Exec.run(List.of("sysctl", "-qw", "net.ipv6.conf." + ifH + ".disable_ipv6=1")).orThrow();
      eh = new Endpoint(host, ifH, v4(k, 1), 30, null, 0);
    }
    Endpoint en = new Endpoint(ns, ifN, v4(k, 2), 30, v6(k, 2), 64);
    Exec.run(List.of("ip", "addr", "add", eh.ipv4Cidr(), "dev", ifH)).orThrow();
    Exec.run(List.of("ip", "link", "set", ifH, "up")).orThrow();
    configure(en, LinkLocal.OFF);
    checkHostRoutes(ifH, eh.hasIpv6() ? v6(k, 0) : null);
    return new Link(eh, en);
  }

  public Bird2 startBird(Netns ns, BgpConfig config) {
    return track(new Bird2(this, ns, config, uniqueName("bird-" + shortName(ns))));
  }

  public Frr startFrr(Netns ns, BgpConfig config) {
    return track(new Frr(this, ns, config, uniqueName("frr-" + shortName(ns))));
  }

  public GoBgp startGoBgp(Netns ns, BgpConfig config) {
    return track(new GoBgp(this, ns, config, uniqueName("gobgp-" + shortName(ns))));
  }

  public ExaBgp startExaBgp(Netns ns, BgpConfig config) {
    return track(new ExaBgp(this, ns, config, uniqueName("exabgp-" + shortName(ns))));
  }

  /** Keeps {@link #dir()} after close, e.g. because a test failed and someone will read the logs. */
  public void keepFiles() {
    keep = true;
  }

  /** The tail of every process log, daemons first: what a failed test prints. */
  public synchronized String report() {
    StringBuilder sb = new StringBuilder("lab " + id + " (" + ipv4Block() + ", files in " + dir + ")\n");
    for (LabProcess p : processes) {
      sb.append("---- ").append(p).append(" log ").append(p.log()).append('\n');
      sb.append(p.tail(40)).append('\n');
    }
    return sb.toString();
  }

  /** Stops everything by PID and deletes links, namespaces and (unless kept) the directory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    OPEN.remove(this);
    List<String> failures = new ArrayList<>();
    for (BgpDaemon d : daemons.reversed()) {
      attempt(failures, "stop " + d.name(), d::stop);
    }
    for (LabProcess p : processes.reversed()) {
      attempt(failures, "stop " + p, () -> p.stop(java.time.Duration.ofSeconds(3)));
    }
    for (String ifH : hostLinks) {
      attempt(failures, "delete " + ifH, () -> {
        // Deleting the namespace takes its veth end and so the pair; this is belt and braces.
        Exec.Result r = Exec.run(List.of("ip", "link", "del", ifH));
        if (!r.ok() && !r.stderr().contains("Cannot find device")) {
          r.orThrow();
        }
      });
    }
    for (Netns ns : namespaces.values()) {
      attempt(failures, "delete " + ns, () -> Exec.run(List.of("ip", "netns", "del", ns.name())).orThrow());
    }
    if (!keep && failures.isEmpty()) {
      attempt(failures, "delete " + dir, this::deleteDir);
    }
    if (!failures.isEmpty()) {
      throw new LabException("lab " + id + " cleanup failed:\n" + String.join("\n", failures));
    }
  }

  synchronized LabProcess track(LabProcess p) {
    processes.add(p);
    return p;
  }

  private synchronized <D extends BgpDaemon> D track(D daemon) {
    daemons.add(daemon);
    return daemon;
  }

  synchronized String uniqueName(String base) {
    String name = base;
    for (int i = 2; !names.add(name); i++) {
      name = base + "-" + i;
    }
    return name;
  }

  private String shortName(Netns ns) {
    return ns.isHost() ? "host" : ns.name().substring(ns.name().indexOf('-') + 1);
  }

  private int nextLink() {
    if (links >= MAX_LINKS) {
      throw new LabException("a lab has at most " + MAX_LINKS + " links");
    }
    return links++;
  }

  private String ifName(int k, char side) {
    return "fl" + id + String.format("%02d", k) + side; // 10 chars, under IFNAMSIZ
  }

  private String v4(int k, int host) {
    return "100." + octet2 + "." + octet3 + "." + (4 * k + host);
  }

  /** Host {@code host} of link k's /64; host 0 gives the network's prefix text without the 0. */
  private String v6(int k, int host) {
    // k + 1 keeps the fourth group non-zero, so this is already the canonical (RFC 5952) text.
    String net = String.format("fd00:64:%02x%02x:%x::", octet2, octet3, k + 1);
    return host == 0 ? net : net + host;
  }

  private static void configure(Endpoint e, LinkLocal linkLocal) {
    Netns ns = e.ns();
    if (linkLocal == LinkLocal.OFF) {
      ns.execOrThrow("ip", "link", "set", e.ifName(), "addrgenmode", "none");
    }
    ns.execOrThrow("ip", "addr", "add", e.ipv4Cidr(), "dev", e.ifName());
    if (e.hasIpv6()) {
      ns.execOrThrow("ip", "addr", "add", e.ipv6Cidr(), "dev", e.ifName(), "nodad");
    }
    ns.execOrThrow("ip", "link", "set", e.ifName(), "up");
  }

  /**
   * Fails (and removes the link) if the root end brought any IPv4 route outside 100.64.0.0/10,
   * or any IPv6 route but the link's own /64 ({@code v6Net}, e.g. {@code fd00:64:4a01:1::}; null
   * when the root end has no IPv6) and the kernel's per-interface multicast entry.
   */
  private void checkHostRoutes(String ifH, String v6Net) {
    List<String> problems = new ArrayList<>();
    for (String route : Exec.run(List.of("ip", "-4", "-o", "route", "show", "table", "all", "dev", ifH)).orThrow()
        .stdout().lines().toList()) {
      if (!Ipv4Block.parse(destination(route)).map(b -> b.within(Ipv4Block.CGNAT)).orElse(false)) {
        problems.add(route);
      }
    }
    for (String route : Exec.run(List.of("ip", "-6", "-o", "route", "show", "table", "all", "dev", ifH)).orThrow()
        .stdout().lines().toList()) {
      String dst = destination(route);
      boolean onLink = v6Net != null && (dst.equals(v6Net + "/64") || dst.startsWith(v6Net) && !dst.contains("/"));
      boolean multicast = route.strip().startsWith("multicast ff00::/8 ");
      if (!onLink && !(v6Net != null && multicast)) {
        problems.add(route);
      }
    }
    if (!problems.isEmpty()) {
      Exec.run(List.of("ip", "link", "del", ifH));
      throw new LabException("host link " + ifH + " brought routes it must not: " + problems);
    }
  }

  private static String destination(String route) {
    String[] words = route.strip().split("\\s+");
    return switch (words[0]) {
      case "local", "broadcast", "anycast", "multicast", "unicast" -> words[1];
      default -> words[0];
    };
  }

  /** A random /24 in 100.64.0.0/10 that no root-namespace route or address overlaps. */
  private static int[] freeBlock() {
    List<Ipv4Block> used = new ArrayList<>();
    Stream.of(
            Exec.run(List.of("ip", "-4", "-o", "route", "show", "table", "all")).stdout(),
            Exec.run(List.of("ip", "-4", "-o", "addr", "show")).stdout())
        .flatMap(String::lines)
        .flatMap(line -> Stream.of(line.split("\\s+")))
        .map(Ipv4Block::parse)
        .flatMap(java.util.Optional::stream)
        // A short prefix such as a default route covers everything; only more specific
        // entries can be another lab's block.
        .filter(b -> b.length() >= 11)
        .forEach(used::add);
    for (int attempt = 0; attempt < 100; attempt++) {
      int o2 = 64 + RANDOM.nextInt(64);
      int o3 = RANDOM.nextInt(256);
      Ipv4Block candidate = Ipv4Block.parse("100." + o2 + "." + o3 + ".0/24").orElseThrow();
      if (used.stream().noneMatch(candidate::overlaps)) {
        return new int[] {o2, o3};
      }
    }
    throw new LabException("no free /24 in 100.64.0.0/10");
  }

  private void deleteDir() {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void attempt(List<String> failures, String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      failures.add(what + ": " + e.getMessage());
    }
  }

  private static void closeAllQuietly() {
    for (Lab lab : List.copyOf(OPEN)) {
      try {
        lab.close();
      } catch (RuntimeException e) {
        System.err.println(e.getMessage());
      }
    }
  }
}
