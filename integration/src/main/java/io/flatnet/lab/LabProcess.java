package io.flatnet.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A long-running process the lab started (a daemon in the foreground, or a child JVM), with its
 * stdout and stderr going to one log file that outlives it for failure reports.
 *
 * <p>It is stopped by its own PID and the PIDs of its descendants, never by name: other people
 * run the same daemons on this machine.
 */
public final class LabProcess {
  private final String name;
  private final Process process;
  private final Path log;

  private LabProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static LabProcess start(String name, List<String> command, Path workDir, Path log) {
    try {
      Files.createDirectories(workDir);
      Process process = new ProcessBuilder(command)
          .directory(workDir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      return new LabProcess(name, process, log);
    } catch (IOException e) {
      throw new LabException("cannot start " + name + " `" + String.join(" ", command) + "`: " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  /** `ip netns exec` execs the command, so this is the daemon's own PID. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** Sends SIGTERM, waits up to {@code grace}, then SIGKILLs it and every descendant still alive. */
  public void stop(Duration grace) {
    // Snapshot first: once the parent exits its children are re-parented and cannot be found.
    List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    for (ProcessHandle child : family) {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
  }

  /** The last {@code lines} lines of the log, for failure reports. */
  public String tail(int lines) {
    List<String> all = readLog();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /** Waits until a log line matches {@code pattern} and returns the match. */
  public Matcher awaitLog(Pattern pattern, Duration timeout) {
    return Poll.until(timeout, name + " to log /" + pattern + "/", () -> {
      for (String line : readLog()) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return Optional.of(m);
        }
      }
      if (!isAlive()) {
        throw new LabException(name + " exited with " + process.exitValue());
      }
      return Optional.empty();
    }, () -> tail(30));
  }

  private List<String> readLog() {
    try {
      if (!Files.exists(log)) {
        return List.of();
      }
      return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return name + "(pid " + pid() + (isAlive() ? "" : ", exited") + ")";
  }
}
