package io.flatnet.lab;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real BGP daemon running in a lab namespace: the same queries and announcements whatever the
 * implementation, plus polling helpers so tests wait for states instead of sleeping.
 */
public interface BgpDaemon {
  /** Unique within the lab; also the name of its log file and work directory. */
  String name();

  Netns namespace();

  BgpConfig config();

  LabProcess process();

  /** The daemon's view of the session with {@code neighbor} (an address from its config). */
  PeerState peer(String neighbor);

  /** Every route it learned from any peer, all families. */
  List<ReceivedRoute> receivedRoutes();

  /** Starts originating {@code prefix} to every neighbor carrying its family. */
  void announce(String prefix);

  /** Stops originating {@code prefix}. */
  void withdraw(String prefix);

  /** Stops the daemon (the lab does this on close as well). */
  void stop();

  default Optional<ReceivedRoute> route(String prefix) {
    return receivedRoutes().stream().filter(r -> r.prefix().equals(prefix)).findFirst();
  }

  default PeerState awaitEstablished(String neighbor, Duration timeout) {
    return Poll.until(timeout, name() + " session with " + neighbor + " Established",
        () -> Optional.of(peer(neighbor)).filter(PeerState::established), this::diagnostics);
  }

  /** Waits for every configured session. */
  default void awaitEstablished(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Neighbor n : config().neighbors()) {
      awaitEstablished(n.address(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
  }

  /** Fails if the session with {@code neighbor} reaches Established at any time within {@code period}. */
  default void assertNeverEstablished(String neighbor, Duration period) {
    Poll.never(period, name() + " session with " + neighbor + " Established",
        () -> peer(neighbor).established(), this::diagnostics);
  }

  default ReceivedRoute awaitRoute(String prefix, Duration timeout) {
    return Poll.until(timeout, name() + " to receive " + prefix, () -> route(prefix), this::diagnostics);
  }

  default void awaitNoRoute(String prefix, Duration timeout) {
    Poll.until(timeout, name() + " to have no route " + prefix,
        () -> route(prefix).isPresent() ? Optional.empty() : Optional.of(Boolean.TRUE), this::diagnostics);
  }

  /** What to print when a wait fails: the peers' states and the log tail. */
  default String diagnostics() {
    StringBuilder sb = new StringBuilder("---- " + name() + " in " + namespace() + "\n");
    for (Neighbor n : config().neighbors()) {
      try {
        sb.append(peer(n.address())).append('\n');
      } catch (RuntimeException e) {
        sb.append("peer ").append(n.address()).append(": ").append(e.getMessage()).append('\n');
      }
    }
    return sb.append("---- log ").append(process().log()).append('\n').append(process().tail(30)).toString();
  }
}
