package io.flatnet.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * exabgp 4.2 in a namespace, steered at run time through its API: a helper script (the
 * {@code process} in its config) copies lines from a named pipe in the work directory to
 * exabgp, and writes what exabgp reports (session changes, received UPDATEs both raw and
 * parsed, NOTIFICATIONs) to {@code events.jsonl}.
 *
 * <p>Use {@link #announce(String, RawAttribute...)} for raw path attributes. exabgp re-sends
 * its whole Adj-RIB-Out after every reconnect, so after a shape that resets the session call
 * {@link #clearAdjRibOut()} or the peer will be reset again and again.
 */
public final class ExaBgp extends AbstractDaemon {
  private static final String EXABGP = "/usr/sbin/exabgp";
  /**
   * exabgp 4.2 writes a NOTIFICATION's data octets unescaped into the "reason" of the session's
   * "down" event (e.g. {@code "... / @c\u0001)"} for 3/2 with data 40 63 01), which is not valid
   * JSON; strict parsing would make every later event unreadable.
   */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
      .build();

  ExaBgp(Lab lab, Netns ns, BgpConfig config, String name) {
    super(lab, ns, config, name);
    try {
      Files.deleteIfExists(dir.resolve("commands.fifo"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Exec.run(List.of("mkfifo", "-m", "600", dir.resolve("commands.fifo").toString())).orThrow();
    write("feed.sh", feedScript(dir));
    dir.resolve("feed.sh").toFile().setExecutable(true);
    write("exabgp.conf", renderConfig(config, dir.resolve("feed.sh")));
    List<String> argv = new ArrayList<>(List.of("env",
        // Debian's exabgp would drop to user "exabgp", which cannot read the lab's files.
        "exabgp.daemon.user=root", "exabgp.daemon.drop=false", "exabgp.daemon.daemonize=false",
        "exabgp.log.destination=stdout", "exabgp.log.level=INFO",
        // No replies to our one-way pipe, and no CLI pipes in /run shared with other instances.
        "exabgp.api.ack=false", "exabgp.api.cli=false",
        "exabgp.tcp.bind=" + bindAddresses(config)));
    argv.addAll(List.of(EXABGP, dir.resolve("exabgp.conf").toString()));
    launch(argv, () -> Files.exists(dir.resolve("feed.ready")));
    for (String prefix : config.prefixes()) {
      send(routeCommands("announce", prefix, ""));
    }
  }

  /** Writes API commands (one per line) to exabgp, e.g. {@code announce route ...}. */
  public synchronized void send(String... commands) {
    // Opened read-write so the open never blocks, even if the helper has gone away.
    try (RandomAccessFile fifo = new RandomAccessFile(dir.resolve("commands.fifo").toFile(), "rw")) {
      for (String c : commands) {
        fifo.write((c + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new LabException(name + ": cannot write to its command pipe", e);
    }
  }

  @Override
  public synchronized void announce(String prefix) {
    originated.add(prefix);
    send(routeCommands("announce", prefix, ""));
  }

  /** Announces {@code prefix} to every neighbor carrying its family, with extra raw attributes. */
  public synchronized void announce(String prefix, RawAttribute... attributes) {
    StringBuilder extra = new StringBuilder();
    for (RawAttribute a : attributes) {
      extra.append(' ').append(a.toExabgp());
    }
    originated.add(prefix);
    send(routeCommands("announce", prefix, extra.toString()));
  }

  @Override
  public synchronized void withdraw(String prefix) {
    originated.remove(prefix);
    send(routeCommands("withdraw", prefix, ""));
  }

  /** Forgets (and withdraws) everything exabgp announced, so a reconnect sends nothing. */
  public void clearAdjRibOut() {
    originated.clear();
    send("clear adj-rib out");
  }

  private String[] routeCommands(String verb, String prefix, String extra) {
    Family f = Family.of(prefix);
    return config.neighbors().stream().filter(n -> n.carries(f) && n.nextHop(f) != null)
        .map(n -> "neighbor " + n.address() + " " + verb + " route " + prefix + " next-hop " + n.nextHop(f) + extra)
        .toArray(String[]::new);
  }

  /** Every JSON event exabgp has reported so far, oldest first. */
  public List<JsonNode> events() {
    Path file = dir.resolve("events.jsonl");
    List<JsonNode> events = new ArrayList<>();
    try {
      if (!Files.exists(file)) {
        return events;
      }
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith("{")) {
          events.add(JSON.readTree(line));
        }
      }
    } catch (IOException e) {
      throw new LabException(name + ": unreadable events", e);
    }
    return events;
  }

  public JsonNode awaitEvent(String what, Predicate<JsonNode> match, Duration timeout) {
    return Poll.until(timeout, name + " event: " + what,
        () -> events().stream().filter(match).findFirst(), this::diagnostics);
  }

  /**
   * NOTIFICATIONs exabgp received, as {@code [code, subcode]} pairs in arrival order. exabgp
   * reports each twice, raw ({@code message.body}, with {@code receive { packets; }}) and parsed
   * ({@code neighbor.notification}); this reads the parsed report.
   */
  public List<int[]> notificationsReceived() {
    return events().stream()
        .filter(e -> e.path("type").asText().equals("notification")
            && e.path("neighbor").path("direction").asText("receive").equals("receive"))
        .map(e -> e.path("neighbor").has("notification") ? e.path("neighbor").path("notification")
            : e.path("neighbor").path("message").path("notification"))
        .filter(n -> n.has("code"))
        .map(n -> new int[] {n.path("code").asInt(), n.path("subcode").asInt()})
        .toList();
  }

  /**
   * Each UPDATE body (after the 19-octet header) exabgp received, as lowercase hex, oldest
   * first. It is recorded before exabgp parses it, so malformed UPDATEs are here too: exabgp
   * is the lab's wire recorder for what the speaker under test really sends.
   */
  public List<String> updatesReceived() {
    return events().stream()
        .filter(e -> e.path("type").asText().equals("update")
            && e.path("neighbor").path("direction").asText().equals("receive")
            && e.path("neighbor").path("message").has("body"))
        .map(e -> e.path("neighbor").path("message").path("body").asText().replaceFirst("^0x", "")
            .toLowerCase(java.util.Locale.ROOT))
        .toList();
  }

  @Override
  public PeerState peer(String neighbor) {
    String state = null;
    String reason = "";
    for (JsonNode e : events()) {
      JsonNode n = e.path("neighbor");
      if (e.path("type").asText().equals("state") && n.path("address").path("peer").asText().equals(neighbor)) {
        state = n.path("state").asText();
        reason = n.path("reason").asText("");
      }
    }
    if (state == null) {
      return new PeerState(neighbor, SessionState.CONNECT, "no state event yet");
    }
    SessionState s = switch (state) {
      case "up" -> SessionState.ESTABLISHED;
      case "connected" -> SessionState.OPEN_SENT;
      default -> SessionState.IDLE;
    };
    return new PeerState(neighbor, s, (state + " " + reason).strip());
  }

  @Override
  public List<ReceivedRoute> receivedRoutes() {
    Map<String, ReceivedRoute> rib = new LinkedHashMap<>();
    for (JsonNode e : events()) {
      JsonNode n = e.path("neighbor");
      String peer = n.path("address").path("peer").asText();
      if (e.path("type").asText().equals("state") && n.path("state").asText().equals("down")) {
        rib.keySet().removeIf(k -> k.startsWith(peer + " "));
      }
      if (!e.path("type").asText().equals("update") || !n.path("direction").asText().equals("receive")) {
        continue;
      }
      JsonNode update = n.path("message").path("update");
      for (JsonNode family : update.path("withdraw")) {
        family.forEach(nlri -> rib.remove(peer + " " + nlri.path("nlri").asText()));
      }
      JsonNode attrs = update.path("attribute");
      for (JsonNode family : update.path("announce")) {
        for (Map.Entry<String, JsonNode> byNextHop : family.properties()) {
          for (JsonNode nlri : byNextHop.getValue()) {
            String prefix = nlri.path("nlri").asText();
            rib.put(peer + " " + prefix, route(prefix, byNextHop.getKey(), peer, attrs));
          }
        }
      }
    }
    return List.copyOf(rib.values());
  }

  private static ReceivedRoute route(String prefix, String nextHop, String peer, JsonNode attrs) {
    List<Long> asPath = new ArrayList<>();
    attrs.path("as-path").forEach(asn -> asPath.add(asn.asLong()));
    List<String> communities = new ArrayList<>();
    attrs.path("community").forEach(c -> communities.add(c.path(0).asLong() + ":" + c.path(1).asLong()));
    return new ReceivedRoute(prefix, nextHop, asPath, communities, peer, Map.of());
  }

  /** exabgp only listens when told where; passive neighbors need it. */
  private static String bindAddresses(BgpConfig config) {
    return String.join(" ", config.neighbors().stream().filter(Neighbor::passive)
        .map(Neighbor::localAddress).distinct().toList());
  }

  /**
   * The helper exabgp runs: stdin (exabgp's reports) to events.jsonl, the command pipe to
   * stdout. fd 4 is needed because sh gives a background job /dev/null as stdin; the pipe is
   * opened read-write so it never reaches end-of-file between our writes.
   */
  static String feedScript(Path dir) {
    return """
        #!/bin/sh
        # Written by the flatnet lab: exabgp's API helper.
        exec 4<&0
        cat <&4 > '%1$s/events.jsonl' &
        exec 3<> '%1$s/commands.fifo'
        touch '%1$s/feed.ready'
        exec cat <&3
        """.formatted(dir);
  }

  static String renderConfig(BgpConfig config, Path feed) {
    StringBuilder c = new StringBuilder("# Written by the flatnet lab.\n");
    c.append("process fnl-feed {\n  run ").append(feed).append(";\n  encoder json;\n}\n");
    for (Neighbor n : config.neighbors()) {
      c.append("neighbor ").append(n.address()).append(" {\n");
      c.append("  router-id ").append(config.routerId()).append(";\n");
      c.append("  local-address ").append(n.localAddress()).append(";\n");
      c.append("  local-as ").append(config.asn()).append(";\n");
      c.append("  peer-as ").append(n.asn()).append(";\n");
      c.append("  hold-time ").append(BgpConfig.HOLD_TIME_SECONDS).append(";\n");
      if (n.passive()) {
        c.append("  passive true;\n");
      }
      if (n.password() != null) {
        c.append("  md5-password \"").append(n.password()).append("\";\n");
      }
      c.append("  family {\n");
      if (n.carries(Family.IPV4_UNICAST)) {
        c.append("    ipv4 unicast;\n");
      }
      if (n.carries(Family.IPV6_UNICAST)) {
        c.append("    ipv6 unicast;\n");
      }
      c.append("  }\n");
      c.append("  api {\n    processes [ fnl-feed ];\n    neighbor-changes;\n");
      // No "send" section: with it exabgp parses its own UPDATEs before sending, and a
      // malformed raw attribute then makes it drop the session instead of sending.
      c.append("    receive { parsed; packets; update; notification; }\n  }\n");
      c.append("}\n");
    }
    return c.toString();
  }
}
