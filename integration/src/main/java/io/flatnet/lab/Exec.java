package io.flatnet.lab;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short command to completion under a deadline. Every tool the lab calls (ip, birdc,
 * vtysh, gobgp) goes through here, so a hung tool fails a test instead of hanging the build.
 */
public final class Exec {
  /** Long enough for a busy 2-core machine, short enough that a hang is visible. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final Executor READERS = task -> Thread.ofVirtual().name("lab-exec-reader").start(task);

  private Exec() {}

  /** What a finished command printed and returned. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    public Result {
      command = List.copyOf(command);
    }

    public boolean ok() {
      return exitCode == 0;
    }

    /** Returns this result, or throws with the command and both outputs if it failed. */
    public Result orThrow() {
      if (!ok()) {
        throw new LabException(describe());
      }
      return this;
    }

    public String describe() {
      return "`" + String.join(" ", command) + "` exited " + exitCode
          + (stdout.isBlank() ? "" : "\nstdout: " + stdout.strip())
          + (stderr.isBlank() ? "" : "\nstderr: " + stderr.strip());
    }
  }

  public static Result run(List<String> command) {
    return run(command, DEFAULT_TIMEOUT);
  }

  public static Result run(List<String> command, Duration timeout) {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    } catch (IOException e) {
      throw new LabException("cannot start `" + String.join(" ", command) + "`: " + e.getMessage(), e);
    }
    // Both pipes are drained concurrently: a tool that fills stderr must not block on it.
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new LabException("`" + String.join(" ", command) + "` did not finish within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new LabException("interrupted while running " + command, e);
    }
    return new Result(command, process.exitValue(), out.join(), err.join());
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, READERS);
  }
}
