package io.flatnet.lab;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses birdc's human-readable output (BIRD 2.0), which has no machine format. */
final class BirdOutput {
  private static final Pattern BGP_STATE = Pattern.compile("^\\s*BGP state:\\s+(\\S+)", Pattern.MULTILINE);
  private static final Pattern LAST_ERROR = Pattern.compile("^\\s*Last error:\\s+(.*)$", Pattern.MULTILINE);
  /** "100.64.1.0/24  unicast [n0 12:00:00.000 from 1.2.3.4] * (100) [AS65001i]"; the prefix is blank for a second path. */
  private static final Pattern ROUTE = Pattern.compile("^(\\S+)?\\s+\\w+ \\[(\\S+) [^\\]]*\\]");
  private static final Pattern UNKNOWN_ATTR = Pattern.compile("^BGP\\.([0-9a-f]{2})(?: \\[[^\\]]*\\])?: (.*)$");
  private static final Pattern COMMUNITY = Pattern.compile("\\((\\d+),(\\d+)\\)");
  private static final Pattern NUMBER = Pattern.compile("\\d+");

  private BirdOutput() {}

  static PeerState peerState(String neighbor, String showProtocolsAll) {
    Matcher state = BGP_STATE.matcher(showProtocolsAll);
    Matcher error = LAST_ERROR.matcher(showProtocolsAll);
    String detail = error.find() ? error.group(1).strip() : "";
    if (!state.find()) {
      return new PeerState(neighbor, SessionState.UNKNOWN, showProtocolsAll.strip());
    }
    return new PeerState(neighbor, SessionState.parse(state.group(1)), (state.group(1) + " " + detail).strip());
  }

  /** Routes from {@code show route all} whose protocol is one of {@code protocols}. */
  static List<ReceivedRoute> routes(String showRouteAll, List<String> protocols, List<Neighbor> neighbors) {
    List<ReceivedRoute> routes = new ArrayList<>();
    Builder current = null;
    String prefix = null;
    for (String line : showRouteAll.lines().toList()) {
      if (line.startsWith("\t")) {
        if (current != null) {
          current.attribute(line.strip());
        }
        continue;
      }
      if (current != null) {
        routes.add(current.build());
        current = null;
      }
      Matcher m = ROUTE.matcher(line);
      if (!m.find()) {
        continue;
      }
      if (m.group(1) != null) {
        prefix = m.group(1);
      }
      int index = protocols.indexOf(m.group(2));
      if (index >= 0 && prefix != null) {
        current = new Builder(prefix, neighbors.get(index).address());
      }
    }
    if (current != null) {
      routes.add(current.build());
    }
    return routes;
  }

  private static final class Builder {
    private final String prefix;
    private final String peer;
    private String nextHop;
    private final List<Long> asPath = new ArrayList<>();
    private final List<String> communities = new ArrayList<>();
    private final Map<Integer, String> unknown = new HashMap<>();

    Builder(String prefix, String peer) {
      this.prefix = prefix;
      this.peer = peer;
    }

    void attribute(String line) {
      if (line.startsWith("BGP.next_hop:")) {
        nextHop = line.substring("BGP.next_hop:".length()).strip().split("\\s+")[0];
      } else if (line.startsWith("BGP.as_path:")) {
        Matcher m = NUMBER.matcher(line.substring("BGP.as_path:".length()));
        while (m.find()) {
          asPath.add(Long.parseLong(m.group()));
        }
      } else if (line.startsWith("BGP.community:")) {
        Matcher m = COMMUNITY.matcher(line);
        while (m.find()) {
          communities.add(m.group(1) + ":" + m.group(2));
        }
      } else {
        Matcher m = UNKNOWN_ATTR.matcher(line);
        if (m.matches()) {
          unknown.put(Integer.parseInt(m.group(1), 16), m.group(2).replace(" ", "").toLowerCase(java.util.Locale.ROOT));
        }
      }
    }

    ReceivedRoute build() {
      return new ReceivedRoute(prefix, nextHop, asPath, communities, peer, unknown);
    }
  }
}
