package io.flatnet.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A network namespace owned by a {@link Lab}, or the root namespace the test JVM runs in
 * ({@link #isHost()}). Commands run inside it through {@code ip netns exec}.
 */
public final class Netns {
  private final Lab lab;
  private final String name;
  private final boolean host;

  Netns(Lab lab, String name, boolean host) {
    this.lab = Objects.requireNonNull(lab);
    this.name = Objects.requireNonNull(name);
    this.host = host;
  }

  /** The kernel's name for it ({@code ip netns list}); "host" for the root namespace. */
  public String name() {
    return name;
  }

  public boolean isHost() {
    return host;
  }

  /** The argv that runs {@code argv} inside this namespace. */
  public List<String> command(List<String> argv) {
    if (host) {
      return List.copyOf(argv);
    }
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
    full.addAll(argv);
    return full;
  }

  public Exec.Result exec(String... argv) {
    return Exec.run(command(List.of(argv)));
  }

  public Exec.Result execOrThrow(String... argv) {
    return exec(argv).orThrow();
  }

  /**
   * Starts a long-running process in this namespace, output to {@code <lab dir>/<name>.log}.
   * The lab stops it on close.
   */
  public LabProcess start(String processName, List<String> argv, Path workDir) {
    return lab.track(LabProcess.start(processName, command(argv), workDir,
        lab.dir().resolve(processName + ".log")));
  }

  /**
   * Option (b) of the lab: a child JVM inside this namespace running {@code mainClass} from the
   * test's own class path, so code under test binds and connects from the namespace.
   */
  public LabProcess startJava(String processName, String mainClass, List<String> args) {
    String java = ProcessHandle.current().info().command().orElse(
        Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> argv = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), mainClass));
    argv.addAll(args);
    return start(processName, argv, lab.dir().resolve(processName));
  }

  @Override
  public String toString() {
    return name;
  }
}
