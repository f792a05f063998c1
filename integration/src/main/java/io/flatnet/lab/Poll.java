package io.flatnet.lab;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Polls a probe until it yields a value or a deadline passes. Daemons converge on their own
 * schedule; tests wait for a state rather than sleep for a guessed time.
 */
public final class Poll {
  private static final Duration INTERVAL = Duration.ofMillis(250);

  private Poll() {}

  /**
   * Returns the first present value of {@code probe}. A {@link LabException} from the probe
   * (a daemon not answering yet) counts as "not yet"; the last one is reported on timeout,
   * together with {@code diagnostics} (usually daemon log tails).
   */
  public static <T> T until(Duration timeout, String what, Supplier<Optional<T>> probe,
      Supplier<String> diagnostics) {
    return until(timeout, INTERVAL, what, probe, diagnostics);
  }

  /**
   * As {@link #until(Duration, String, Supplier, Supplier)}, polling every {@code interval}: for an
   * in-process speaker that answers in microseconds and a test that waits hundreds of times.
   */
  public static <T> T until(Duration timeout, Duration interval, String what, Supplier<Optional<T>> probe,
      Supplier<String> diagnostics) {
    long deadline = System.nanoTime() + timeout.toNanos();
    LabException last = null;
    while (true) {
      try {
        Optional<T> value = probe.get();
        if (value.isPresent()) {
          return value.get();
        }
      } catch (LabException e) {
        last = e;
      }
      if (System.nanoTime() - deadline > 0) {
        AssertionError failure = new AssertionError("timed out after " + timeout + " waiting for " + what
            + (last == null ? "" : "\nlast error: " + last.getMessage())
            + "\n" + diagnostics.get());
        if (last != null) {
          failure.initCause(last);
        }
        throw failure;
      }
      sleep(interval);
    }
  }

  /** Fails if {@code condition} becomes true at any poll during {@code period}. */
  public static void never(Duration period, String what, Supplier<Boolean> condition,
      Supplier<String> diagnostics) {
    long deadline = System.nanoTime() + period.toNanos();
    while (System.nanoTime() - deadline < 0) {
      boolean happened;
      try {
        happened = condition.get();
      } catch (LabException e) {
        happened = false;
      }
      if (happened) {
        throw new AssertionError("expected never within " + period + ": " + what + "\n" + diagnostics.get());
      }
      sleep(INTERVAL);
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException("interrupted", e);
    }
  }
}
