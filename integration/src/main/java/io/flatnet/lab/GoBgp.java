package io.flatnet.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * gobgpd in a namespace, driven with the {@code gobgp} CLI over its gRPC API.
 *
 * <p>The API listens on 127.0.0.1:{@value #API_PORT} of the daemon's own namespace (every lab
 * namespace has a private loopback), so the CLI runs in that namespace too. Originated
 * prefixes are added with {@code gobgp global rib add} once the daemon is up, since gobgpd's
 * TOML has no static routes. An export policy sets the IPv6 next hop on IPv4 sessions (and the
 * IPv4 one on IPv6 sessions): gobgpd would otherwise send an unusable one that BIRD drops.
 */
public final class GoBgp extends AbstractDaemon {
  static final int API_PORT = 50051;
  private static final String GOBGPD = "/usr/bin/gobgpd";
  private static final String GOBGP = "/usr/bin/gobgp";
  private static final ObjectMapper JSON = new ObjectMapper();

  GoBgp(Lab lab, Netns ns, BgpConfig config, String name) {
    super(lab, ns, config, name);
    write("gobgpd.toml", renderConfig(config));
    launch(List.of(GOBGPD, "-f", dir.resolve("gobgpd.toml").toString(), "-t", "toml", "-p",
            "--api-hosts", "127.0.0.1:" + API_PORT, "--pprof-disable"),
        () -> gobgp("global").ok());
    for (String prefix : config.prefixes()) {
      rib("add", prefix);
    }
  }

  /** Runs the gobgp CLI inside the daemon's namespace. */
  public Exec.Result gobgp(String... args) {
    List<String> argv = new ArrayList<>(List.of(GOBGP, "-u", "127.0.0.1", "-p", String.valueOf(API_PORT)));
    argv.addAll(List.of(args));
    return Exec.run(ns.command(argv));
  }

  private JsonNode json(String... args) {
    Exec.Result r = gobgp(args).orThrow();
    try {
      return JSON.readTree(r.stdout().isBlank() ? "null" : r.stdout());
    } catch (IOException e) {
      throw new LabException(name + ": gobgp did not print JSON: " + r.stdout(), e);
    }
  }

  @Override
  public PeerState peer(String neighbor) {
    for (JsonNode peer : json("neighbor", "-j")) {
      if (peer.path("conf").path("neighbor_address").asText().equals(neighbor)) {
        JsonNode raw = peer.path("state").path("session_state");
        SessionState state = raw.isInt() ? fromApi(raw.asInt()) : SessionState.parse(raw.asText());
        return new PeerState(neighbor, state, "session_state=" + raw);
      }
    }
    return new PeerState(neighbor, SessionState.UNKNOWN, "not configured");
  }

  /** gobgp's API enum: 1 IDLE ... 6 ESTABLISHED. */
  private static SessionState fromApi(int code) {
    return switch (code) {
      case 1 -> SessionState.IDLE;
      case 2 -> SessionState.CONNECT;
      case 3 -> SessionState.ACTIVE;
      case 4 -> SessionState.OPEN_SENT;
      case 5 -> SessionState.OPEN_CONFIRM;
      case 6 -> SessionState.ESTABLISHED;
      default -> SessionState.UNKNOWN;
    };
  }

  @Override
  public List<ReceivedRoute> receivedRoutes() {
    List<ReceivedRoute> routes = new ArrayList<>();
    for (Neighbor n : config.neighbors()) {
      for (Family f : Family.values()) {
        if (!n.carries(f)) {
          continue;
        }
        JsonNode table = json("neighbor", n.address(), "adj-in", "-a", afi(f), "-j");
        for (Map.Entry<String, JsonNode> entry : table.properties()) {
          for (JsonNode path : entry.getValue()) {
            routes.add(route(entry.getKey(), n.address(), path.path("attrs")));
          }
        }
      }
    }
    return routes;
  }

  /** Looks the one prefix up in each Adj-RIB-In, instead of listing every route. */
  @Override
  public Optional<ReceivedRoute> route(String prefix) {
    Family f = Family.of(prefix);
    for (Neighbor n : config.neighbors()) {
      if (!n.carries(f)) {
        continue;
      }
      JsonNode table = json("neighbor", n.address(), "adj-in", prefix, "-a", afi(f), "-j");
      for (Map.Entry<String, JsonNode> entry : table.properties()) {
        if (entry.getKey().equals(prefix)) {
          for (JsonNode path : entry.getValue()) {
            return Optional.of(route(prefix, n.address(), path.path("attrs")));
          }
        }
      }
    }
    return Optional.empty();
  }

  static ReceivedRoute route(String prefix, String peer, JsonNode attrs) {
    String nextHop = null;
    List<Long> asPath = new ArrayList<>();
    List<String> communities = new ArrayList<>();
    Map<Integer, String> unknown = new HashMap<>();
    for (JsonNode a : attrs) {
      int type = a.path("type").asInt();
      switch (type) {
        case 2 -> a.path("as_paths").forEach(seg -> seg.path("asns").forEach(x -> asPath.add(x.asLong())));
        case 3, 14 -> nextHop = a.path("nexthop").asText(null);
        case 8 -> a.path("communities").forEach(x -> communities.add(community(x.asLong())));
        default -> {
          if (a.has("value") && a.path("value").isTextual()) {
            unknown.put(type, hex(a.path("value").asText()));
          }
        }
      }
    }
    return new ReceivedRoute(prefix, nextHop, asPath, communities, peer, unknown);
  }

  /** gobgp prints unknown attribute payloads as base64 (Go's []byte in JSON). */
  private static String hex(String base64) {
    try {
      return HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      return base64;
    }
  }

  @Override
  public synchronized void announce(String prefix) {
    if (originated.add(prefix)) {
      rib("add", prefix);
    }
  }

  @Override
  public synchronized void withdraw(String prefix) {
    if (originated.remove(prefix)) {
      rib("del", prefix);
    }
  }

  private void rib(String verb, String prefix) {
    Family f = Family.of(prefix);
    List<String> args = new ArrayList<>(List.of("global", "rib", "-a", afi(f), verb, prefix));
    String nextHop = config.anyNextHop(f);
    if (verb.equals("add") && nextHop != null) {
      // For eBGP gobgpd rewrites this to itself; iBGP peers would otherwise get 0.0.0.0 or ::.
      args.addAll(List.of("nexthop", nextHop));
    }
    gobgp(args.toArray(String[]::new)).orThrow();
  }

  private static String afi(Family f) {
    return f == Family.IPV4_UNICAST ? "ipv4" : "ipv6";
  }

  static String renderConfig(BgpConfig config) {
    StringBuilder c = new StringBuilder("# Written by the flatnet lab.\n");
    List<String> locals = config.neighbors().stream().map(Neighbor::localAddress).distinct()
        .map(a -> "\"" + a + "\"").toList();
    c.append("[global.config]\n  as = ").append(config.asn()).append('\n');
    c.append("  router-id = \"").append(config.routerId()).append("\"\n");
    c.append("  local-address-list = [").append(String.join(", ", locals)).append("]\n");
    List<Neighbor> neighbors = config.neighbors();
    String statements = nextHopStatements(neighbors);
    if (!statements.isEmpty()) {
      c.append("  [global.apply-policy.config]\n    export-policy-list = [\"fnl-next-hop\"]\n");
      c.append("    default-export-policy = \"accept-route\"\n");
    }
    for (Neighbor n : neighbors) {
      c.append("\n[[neighbors]]\n  [neighbors.config]\n");
      c.append("    neighbor-address = \"").append(n.address()).append("\"\n");
      c.append("    peer-as = ").append(n.asn()).append('\n');
      if (n.password() != null) {
        c.append("    auth-password = \"").append(n.password()).append("\"\n");
      }
      c.append("  [neighbors.timers.config]\n");
      c.append("    connect-retry = ").append(BgpConfig.CONNECT_RETRY_SECONDS).append('\n');
      c.append("    hold-time = ").append(BgpConfig.HOLD_TIME_SECONDS).append('\n');
      c.append("    keepalive-interval = ").append(BgpConfig.KEEPALIVE_SECONDS).append('\n');
      c.append("  [neighbors.transport.config]\n");
      c.append("    local-address = \"").append(n.localAddress()).append("\"\n");
      c.append("    passive-mode = ").append(n.passive()).append('\n');
      for (Family f : Family.values()) {
        if (n.carries(f)) {
          c.append("  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n");
          c.append("      afi-safi-name = \"").append(afi(f)).append("-unicast\"\n");
        }
      }
    }
    if (statements.isEmpty()) {
      return c.toString();
    }
    c.append("\n[[defined-sets.prefix-sets]]\n  prefix-set-name = \"any4\"\n");
    c.append("  [[defined-sets.prefix-sets.prefix-list]]\n    ip-prefix = \"0.0.0.0/0\"\n    masklength-range = \"0..32\"\n");
    c.append("[[defined-sets.prefix-sets]]\n  prefix-set-name = \"any6\"\n");
    c.append("  [[defined-sets.prefix-sets.prefix-list]]\n    ip-prefix = \"::/0\"\n    masklength-range = \"0..128\"\n");
    for (int i = 0; i < neighbors.size(); i++) {
      c.append("[[defined-sets.neighbor-sets]]\n  neighbor-set-name = \"n").append(i).append("\"\n");
      c.append("  neighbor-info-list = [\"").append(neighbors.get(i).address()).append("\"]\n");
    }
    // Statements without a route-disposition modify and fall through; the default accepts.
    c.append("\n[[policy-definitions]]\n  name = \"fnl-next-hop\"\n").append(statements);
    return c.toString();
  }

  /** One statement per session and family foreign to its transport, setting our next hop. */
  private static String nextHopStatements(List<Neighbor> neighbors) {
    StringBuilder c = new StringBuilder();
    for (int i = 0; i < neighbors.size(); i++) {
      Neighbor n = neighbors.get(i);
      for (Family f : Family.values()) {
        boolean foreign = (f == Family.IPV6_UNICAST) != n.ipv6Transport();
        if (!n.carries(f) || !foreign || n.nextHop(f) == null) {
          continue;
        }
        c.append("  [[policy-definitions.statements]]\n    name = \"n").append(i).append('-').append(afi(f)).append("\"\n");
        c.append("    [policy-definitions.statements.conditions.match-prefix-set]\n");
        c.append("      prefix-set = \"").append(f == Family.IPV4_UNICAST ? "any4" : "any6").append("\"\n");
        c.append("    [policy-definitions.statements.conditions.match-neighbor-set]\n");
        c.append("      neighbor-set = \"n").append(i).append("\"\n");
        c.append("    [policy-definitions.statements.actions.bgp-actions]\n");
        c.append("      set-next-hop = \"").append(n.nextHop(f)).append("\"\n");
      }
    }
    return c.toString();
  }
}
