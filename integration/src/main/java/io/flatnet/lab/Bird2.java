package io.flatnet.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * BIRD 2 ({@code bird -f}) in a namespace, driven through {@code birdc} on a private control
 * socket. Each neighbor is protocol {@code n<index>}; originated prefixes are blackhole routes of
 * static protocols {@code fnl_static4/6}, exported to every neighbor. Announcing rewrites the
 * config and runs {@code birdc configure}, so the running BIRD changes only its static routes.
 * There is no kernel protocol: BIRD never touches a FIB, not even the namespace's.
 */
public final class Bird2 extends AbstractDaemon {
  private static final String BIRD = "/usr/sbin/bird";
  private static final String BIRDC = "/usr/sbin/birdc";

  Bird2(Lab lab, Netns ns, BgpConfig config, String name) {
    super(lab, ns, config, name);
    write("bird.conf", renderConfig(config, originated));
    launch(List.of(BIRD, "-f", "-c", dir.resolve("bird.conf").toString(), "-s", socket()),
        () -> birdc("show", "status").stdout().contains("Daemon is up"));
  }

  /** Runs one birdc command. birdc talks to a unix socket, so it needs no namespace. */
  public Exec.Result birdc(String... words) {
    List<String> argv = new ArrayList<>(List.of(BIRDC, "-s", socket()));
    argv.addAll(List.of(words));
    return Exec.run(argv);
  }

  /** BIRD's protocol name for the session with {@code neighbor}. */
  public String protocolName(String neighbor) {
    List<Neighbor> all = config.neighbors();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).address().equals(neighbor)) {
        return "n" + i;
      }
    }
    throw new IllegalArgumentException(name + " has no neighbor " + neighbor);
  }

  @Override
  public PeerState peer(String neighbor) {
    Exec.Result r = birdc("show", "protocols", "all", protocolName(neighbor)).orThrow();
    return BirdOutput.peerState(neighbor, r.stdout());
  }

  @Override
  public List<ReceivedRoute> receivedRoutes() {
    List<String> protocols = new ArrayList<>();
    for (Neighbor n : config.neighbors()) {
      protocols.add(protocolName(n.address()));
    }
    return BirdOutput.routes(birdc("show", "route", "all").orThrow().stdout(), protocols, config.neighbors());
  }

  @Override
  public synchronized void announce(String prefix) {
    if (originated.add(prefix)) {
      reconfigure();
    }
  }

  @Override
  public synchronized void withdraw(String prefix) {
    if (originated.remove(prefix)) {
      reconfigure();
    }
  }

  private void reconfigure() {
    write("bird.conf", renderConfig(config, originated));
    Exec.Result r = birdc("configure").orThrow();
    if (!r.stdout().contains("Reconfigur")) {
      throw new LabException(name + ": birdc configure did not reconfigure: " + r.describe());
    }
  }

  private String socket() {
    return dir.resolve("bird.ctl").toString();
  }

  static String renderConfig(BgpConfig config, Set<String> prefixes) {
    StringBuilder c = new StringBuilder();
    c.append("# Written by the flatnet lab.\n");
    c.append("router id ").append(config.routerId()).append(";\n");
    c.append("log stderr all;\n");
    // Interface state lets BIRD resolve directly connected BGP next hops.
    c.append("protocol device { scan time 10; }\n");
    for (Family f : Family.values()) {
      String v = f == Family.IPV4_UNICAST ? "4" : "6";
      c.append("protocol static fnl_static").append(v).append(" {\n  ipv").append(v).append(";\n");
      prefixes.stream().filter(p -> Family.of(p) == f)
          .forEach(p -> c.append("  route ").append(p).append(" blackhole;\n"));
      c.append("}\n");
    }
    List<Neighbor> neighbors = config.neighbors();
    for (int i = 0; i < neighbors.size(); i++) {
      Neighbor n = neighbors.get(i);
      c.append("protocol bgp n").append(i).append(" {\n");
      c.append("  local ").append(n.localAddress()).append(" as ").append(config.asn()).append(";\n");
      c.append("  neighbor ").append(n.address()).append(" as ").append(n.asn()).append(";\n");
      c.append("  hold time ").append(BgpConfig.HOLD_TIME_SECONDS)
          .append("; keepalive time ").append(BgpConfig.KEEPALIVE_SECONDS).append(";\n");
      // BIRD waits 5 s before its first connect by default; tests should not.
      c.append("  connect delay time 1; connect retry time ").append(BgpConfig.CONNECT_RETRY_SECONDS)
          .append("; error wait time 1, 5;\n");
      if (n.passive()) {
        c.append("  passive on;\n");
      }
      if (n.password() != null) {
        c.append("  password \"").append(quote(n.password())).append("\";\n");
      }
      for (Family f : Family.values()) {
        if (!n.carries(f)) {
          continue;
        }
        String v = f == Family.IPV4_UNICAST ? "4" : "6";
        c.append("  ipv").append(v).append(" {\n    import all;\n");
        c.append("    export where proto = \"fnl_static").append(v).append("\";\n");
        if (n.nextHop(f) != null) {
          // Needed for the family the session's transport is not: BIRD has no source
          // address of that family to put in MP_REACH_NLRI.
          c.append("    next hop address ").append(n.nextHop(f)).append(";\n");
        }
        c.append("  };\n");
      }
      c.append("}\n");
    }
    return c.toString();
  }

  private static String quote(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
