package io.flatnet.bgp.session;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One FSM timer on an event loop, kept as a deadline. Restarting it only moves the deadline;
 * the scheduled task, when it fires early, re-arms itself for the rest. The hold timer is
 * restarted on every message received, and this spares a cancel and a schedule per message.
 * Time comes from the loop's ticker, so tests freeze and advance it.
 */
final class DeadlineTimer {
    private final EventExecutor loop;
    private final Runnable onExpiry;
    private long deadline;
    private boolean running;
    private ScheduledFuture<?> task;
    private long taskAt;

    DeadlineTimer(EventExecutor loop, Runnable onExpiry) {
        this.loop = loop;
        this.onExpiry = onExpiry;
    }

    EventExecutor loop() {
        return loop;
    }

    void start(Duration delay) {
        deadline = now() + delay.toNanos();
        running = true;
        if (task == null || taskAt > deadline) {
            cancelTask();
            schedule();
        }
    }

    void stop() {
        running = false;
        cancelTask();
    }

    boolean running() {
        return running;
    }

    private void fire() {
        task = null;
        if (!running) {
            return;
        }
        if (now() < deadline) {
            schedule();
            return;
        }
        running = false;
        onExpiry.run();
    }

    private void schedule() {
        taskAt = deadline;
        task = loop.schedule(this::fire, Math.max(0, deadline - now()), TimeUnit.NANOSECONDS);
    }

    private void cancelTask() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private long now() {
        return loop.ticker().nanoTime();
    }
}
