package io.flatnet.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * FRR's bgpd alone, without zebra or watchfrr, queried with {@code vtysh ... json}.
 *
 * <p>Flags: {@code -Z} (no zebra: no FIB, no interface table), {@code -n} (no kernel install),
 * {@code -S} (skip the switch to user frr, which could not read a root-owned temp dir),
 * {@code -P 0} (no TCP vty), {@code -f}/{@code -i}/{@code --vty_socket} (config, pid file and
 * vty socket directory inside the lab, so instances never share paths). Note that
 * {@code /usr/sbin/bgpd} is OpenBGPD on Debian; FRR's is {@code /usr/lib/frr/bgpd}.
 *
 * <p>Without zebra, bgpd cannot tie a link-local next hop to an interface and treats IPv6
 * routes that carry one as withdrawn: peer it over links made with {@link LinkLocal#OFF}.
 * Config choices: {@code no bgp ebgp-requires-policy} (RFC 8212 would block eBGP without a
 * policy), {@code no bgp default ipv4-unicast} with explicit {@code activate} per family,
 * {@code no bgp network import-check} (there is no RIB to check {@code network} against), and
 * a route-map per session setting the next hop of the family the transport is not.
 */
public final class Frr extends AbstractDaemon {
  private static final String BGPD = "/usr/lib/frr/bgpd";
  private static final String VTYSH = "/usr/bin/vtysh";
  private static final ObjectMapper JSON = new ObjectMapper();

  Frr(Lab lab, Netns ns, BgpConfig config, String name) {
    super(lab, ns, config, name);
    write("bgpd.conf", renderConfig(config, ns.name()));
    write("vtysh.conf", ""); // vtysh complains on every call without one
    launch(List.of(BGPD, "-Z", "-n", "-S", "-P", "0",
            "-f", dir.resolve("bgpd.conf").toString(),
            "-i", dir.resolve("bgpd.pid").toString(),
            "--vty_socket", dir.toString()),
        () -> vtysh("show bgp summary json").ok());
  }

  /** Runs vtysh commands in sequence (e.g. "configure terminal", "router bgp 1", ...). */
  public Exec.Result vtysh(String... commands) {
    List<String> argv = new ArrayList<>(List.of(VTYSH, "--vty_socket", dir.toString(), "--config_dir", dir.toString()));
    for (String c : commands) {
      argv.add("-c");
      argv.add(c);
    }
    return Exec.run(argv);
  }

  /** Runs one show command ending in "json" and parses its output. */
  public JsonNode showJson(String command) {
    Exec.Result r = vtysh(command).orThrow();
    try {
      return JSON.readTree(r.stdout());
    } catch (IOException e) {
      throw new LabException(name + ": `" + command + "` did not print JSON: " + r.stdout(), e);
    }
  }

  @Override
  public PeerState peer(String neighbor) {
    JsonNode peer = showJson("show bgp neighbors " + neighbor + " json").path(neighbor);
    if (peer.isMissingNode()) {
      return new PeerState(neighbor, SessionState.UNKNOWN, "not configured");
    }
    String state = peer.path("bgpState").asText("");
    String detail = state + " " + peer.path("lastResetDueTo").asText("");
    return new PeerState(neighbor, SessionState.parse(state), detail.strip());
  }

  @Override
  public List<ReceivedRoute> receivedRoutes() {
    List<ReceivedRoute> routes = new ArrayList<>();
    for (String afi : List.of("ipv4", "ipv6")) {
      JsonNode table = showJson("show bgp " + afi + " unicast json").path("routes");
      for (Map.Entry<String, JsonNode> entry : table.properties()) {
        boolean learned = false;
        for (JsonNode path : entry.getValue()) {
          learned |= !path.path("peerId").asText("(unspec)").equals("(unspec)");
        }
        if (learned) {
          routes.addAll(detail(afi, entry.getKey()));
        }
      }
    }
    return routes;
  }

  /** Asks for the one prefix, instead of every learned route in detail (one vtysh call each). */
  @Override
  public Optional<ReceivedRoute> route(String prefix) {
    String afi = Family.of(prefix) == Family.IPV4_UNICAST ? "ipv4" : "ipv6";
    return detail(afi, prefix).stream().filter(r -> r.prefix().equals(prefix)).findFirst();
  }

  /** The table view lacks communities, so each learned prefix is asked for in detail. */
  private List<ReceivedRoute> detail(String afi, String prefix) {
    List<ReceivedRoute> routes = new ArrayList<>();
    for (JsonNode path : showJson("show bgp " + afi + " unicast " + prefix + " json").path("paths")) {
      String peer = path.path("peer").path("peerId").asText("(unspec)");
      if (peer.equals("(unspec)")) {
        continue;
      }
      List<Long> asPath = new ArrayList<>();
      for (JsonNode segment : path.path("aspath").path("segments")) {
        segment.path("list").forEach(asn -> asPath.add(asn.asLong()));
      }
      List<String> communities = new ArrayList<>();
      String text = path.path("community").path("string").asText("");
      if (!text.isBlank()) {
        communities.addAll(List.of(text.strip().split("\\s+")));
      }
      String nextHop = path.path("nexthops").path(0).path("ip").asText(null);
      routes.add(new ReceivedRoute(prefix, nextHop, asPath, communities, peer, Map.of()));
    }
    return routes;
  }

  @Override
  public synchronized void announce(String prefix) {
    if (originated.add(prefix)) {
      configureNetwork(prefix, "");
    }
  }

  @Override
  public synchronized void withdraw(String prefix) {
    if (originated.remove(prefix)) {
      configureNetwork(prefix, "no ");
    }
  }

  private void configureNetwork(String prefix, String negation) {
    String afi = Family.of(prefix) == Family.IPV4_UNICAST ? "ipv4" : "ipv6";
    Exec.Result r = vtysh("configure terminal", "router bgp " + config.asn(),
        "address-family " + afi + " unicast", negation + "network " + prefix).orThrow();
    // vtysh exits 0 even when a line is rejected; errors start with "%".
    if (r.stdout().lines().anyMatch(l -> l.startsWith("%"))) {
      throw new LabException(name + ": " + r.describe());
    }
  }

  static String renderConfig(BgpConfig config, String hostname) {
    StringBuilder c = new StringBuilder();
    c.append("! Written by the flatnet lab.\nfrr defaults traditional\nhostname ").append(hostname).append('\n');
    c.append("log stdout informational\n!\n");
    c.append("router bgp ").append(config.asn()).append('\n');
    c.append(" bgp router-id ").append(config.routerId()).append('\n');
    c.append(" no bgp ebgp-requires-policy\n no bgp default ipv4-unicast\n no bgp network import-check\n");
    c.append(" timers bgp ").append(BgpConfig.KEEPALIVE_SECONDS).append(' ').append(BgpConfig.HOLD_TIME_SECONDS).append('\n');
    for (Neighbor n : config.neighbors()) {
      String nb = " neighbor " + n.address();
      c.append(nb).append(" remote-as ").append(n.asn()).append('\n');
      c.append(nb).append(" timers connect ").append(BgpConfig.CONNECT_RETRY_SECONDS).append('\n');
      c.append(nb).append(" advertisement-interval 0\n");
      if (n.passive()) {
        c.append(nb).append(" passive\n");
      }
      if (n.password() != null) {
        c.append(nb).append(" password ").append(n.password()).append('\n');
      }
    }
    List<Neighbor> neighbors = config.neighbors();
    for (Family f : Family.values()) {
      String afi = f == Family.IPV4_UNICAST ? "ipv4" : "ipv6";
      c.append(" address-family ").append(afi).append(" unicast\n");
      config.prefixes().stream().filter(p -> Family.of(p) == f)
          .forEach(p -> c.append("  network ").append(p).append('\n'));
      for (int i = 0; i < neighbors.size(); i++) {
        Neighbor n = neighbors.get(i);
        if (!n.carries(f)) {
          continue;
        }
        c.append("  neighbor ").append(n.address()).append(" activate\n");
        if (needsNextHopMap(n, f)) {
          c.append("  neighbor ").append(n.address()).append(" route-map ").append(mapName(i, f)).append(" out\n");
        }
      }
      c.append(" exit-address-family\n");
    }
    c.append("!\n");
    for (int i = 0; i < neighbors.size(); i++) {
      Neighbor n = neighbors.get(i);
      for (Family f : Family.values()) {
        if (needsNextHopMap(n, f)) {
          c.append("route-map ").append(mapName(i, f)).append(" permit 10\n");
          c.append(f == Family.IPV4_UNICAST ? " set ip next-hop " : " set ipv6 next-hop global ")
              .append(n.nextHop(f)).append("\n!\n");
        }
      }
    }
    return c.toString();
  }

  /** Only the family foreign to the transport lacks a natural next hop. */
  private static boolean needsNextHopMap(Neighbor n, Family f) {
    boolean foreign = (f == Family.IPV6_UNICAST) != n.ipv6Transport();
    return n.carries(f) && foreign && n.nextHop(f) != null;
  }

  private static String mapName(int index, Family f) {
    return "fnl-nh-" + index + (f == Family.IPV4_UNICAST ? "-v4" : "-v6");
  }
}
