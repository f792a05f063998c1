package io.flatnet.bgp.fsm;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next connection attempt after consecutive failures: the initial
 * delay, doubled per further failure, capped. A dead or flapping peer is then probed less and
 * less often, while a single hiccup costs only the short initial delay.
 *
 * @param initial the delay after the first failure (and the first attempt's connect timeout)
 * @param max     the cap
 */
public record ConnectRetryBackoff(Duration initial, Duration max) {

    public static final ConnectRetryBackoff DEFAULT =
            new ConnectRetryBackoff(Duration.ofSeconds(5), Duration.ofSeconds(120));

    public ConnectRetryBackoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial delay must be positive: " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max " + max + " is below initial " + initial);
        }
    }

    /**
     * The delay after {@code failures} consecutive failures: {@code initial} for 0 or 1, then
     * doubling, never above {@code max}.
     */
    public Duration delay(int failures) {
        if (failures < 0) {
            throw new IllegalArgumentException("failures must not be negative: " + failures);
        }
        Duration delay = initial;
        // Stops doubling at the cap, so a huge failure count costs a handful of steps and cannot overflow.
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /**
     * {@link #delay(int)} scaled by a random factor in [0.75, 1), as RFC 4271 §10 asks of the
     * ConnectRetryTimer, so that many peers failing together do not retry in lockstep. The
     * random source is a parameter so tests can make it deterministic.
     */
    public Duration delay(int failures, RandomGenerator random) {
        Duration base = delay(failures);
        double factor = 0.75 + 0.25 * random.nextDouble();
        return Duration.ofNanos(Math.max(1, Math.round(base.toNanos() * factor)));
    }
}
