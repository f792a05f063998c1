package io.flatnet.k8s;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff between attempts to reach the API server: after a failure the next attempt
 * waits {@code initial}, doubling up to {@code max}, with ±20% jitter so that a fleet of agents
 * does not reconnect in step; a success resets it. Used from one informer's reflector thread.
 */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private volatile Duration current = Duration.ZERO;
    private volatile long notBeforeNanos = System.nanoTime();
    private volatile int failures;

    Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("expected 0 < initial <= max, got " + initial + ", " + max);
        }
        this.initial = initial;
        this.max = max;
    }

    /** Sleeps until the next attempt is due. */
    void awaitTurn() throws InterruptedException {
        long wait = notBeforeNanos - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }

    void succeeded() {
        current = Duration.ZERO;
        failures = 0;
        notBeforeNanos = System.nanoTime();
    }

    void failed() {
        Duration next = current.isZero() ? initial : current.multipliedBy(2);
        current = next.compareTo(max) > 0 ? max : next;
        failures++;
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        notBeforeNanos = System.nanoTime() + (long) (current.toNanos() * jitter);
    }

    /** Consecutive failures since the last success. */
    int failures() {
        return failures;
    }
}
