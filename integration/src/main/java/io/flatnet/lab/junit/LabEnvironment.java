package io.flatnet.lab.junit;

import io.flatnet.lab.DaemonKind;
import io.flatnet.lab.Exec;
import io.flatnet.lab.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether this machine can run lab tests. Off CI a missing precondition skips the test with a
 * message saying what is missing; with {@code CI=true} it fails instead, because CI runs as root
 * with the daemons installed and a silent skip there would hide a broken setup.
 */
public final class LabEnvironment {
  /** The JUnit tag of every test that needs network namespaces. */
  public static final String TAG = "netns";

  private static volatile String netnsProblem;
  private static volatile boolean netnsChecked;

  private LabEnvironment() {}

  /** Skips (or in CI fails) unless we are root and can create a network namespace. */
  public static void assumeRootAndNetns() {
    String problem = netnsProblem();
    if (problem != null) {
      unavailable(problem);
    }
  }

  /** Skips (or in CI fails) unless every daemon kind is installed. */
  public static void assumeDaemons(DaemonKind... kinds) {
    List<String> missing = new ArrayList<>();
    for (DaemonKind k : kinds) {
      if (!k.missingBinaries().isEmpty()) {
        missing.add(k.debianPackage() + " (" + String.join(", ", k.missingBinaries()) + ")");
      }
    }
    if (!missing.isEmpty()) {
      unavailable("not installed: " + String.join("; ", missing)
          + " - apt-get install bird2 frr gobgpd exabgp");
    }
  }

  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  private static void unavailable(String why) {
    unavailable(why, inCi());
  }

  static void unavailable(String why, boolean ci) {
    String message = "network-namespace lab unavailable: " + why;
    if (ci) {
      throw new AssertionError(message + " (CI=true, so this fails instead of skipping)");
    }
    Assumptions.abort(message);
  }

  /** Checked once per JVM by creating and deleting a probe namespace: the real precondition. */
  private static synchronized String netnsProblem() {
    if (netnsChecked) {
      return netnsProblem;
    }
    netnsChecked = true;
    netnsProblem = probe();
    return netnsProblem;
  }

  private static String probe() {
    try {
      String status = Files.readString(Path.of("/proc/self/status"));
      boolean root = status.lines().anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
      if (!root) {
        return "not running as root";
      }
    } catch (IOException e) {
      return "cannot read /proc/self/status: " + e.getMessage();
    }
    String probe = io.flatnet.lab.Lab.namespacePrefix() + "probe" + ProcessHandle.current().pid();
    try {
      Exec.Result add = Exec.run(List.of("ip", "netns", "add", probe));
      if (!add.ok()) {
        return "`ip netns add` failed: " + add.stderr().strip();
      }
      Exec.run(List.of("ip", "netns", "del", probe)).orThrow();
      return null;
    } catch (LabException e) {
      return e.getMessage();
    }
  }
}
