package io.flatnet.bgp.session;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A RIB executor for session tests: tasks run at once on the calling thread (queued, never
 * nested, so the order is the posting order), and timers wait on a frozen clock that the test
 * advances. All the test's channels and the RIB then share one thread, and every effect of a
 * message is visible when {@code writeInbound} returns.
 */
final class InlineRibScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final EmbeddedChannel clock = new EmbeddedChannel();
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;
    private boolean shutdown;

    InlineRibScheduler() {
        clock.freezeTime();
    }

    /** Moves the RIB's clock on and runs the timers that fall due. */
    void advance(Duration d) {
        clock.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
        clock.runScheduledPendingTasks();
    }

    @Override
    public void execute(Runnable task) {
        queue.add(task);
        if (running) {
            return;
        }
        running = true;
        try {
            Runnable t;
            while ((t = queue.poll()) != null) {
                t.run();
            }
        } finally {
            running = false;
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return clock.eventLoop().schedule(() -> execute(command), delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return clock.eventLoop().schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return clock.eventLoop().scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return clock.eventLoop().scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
