package io.flatnet.bgp.rib;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.NlriList;
import io.flatnet.bgp.model.route.RouteAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that owns a {@link Rib}. Sessions (on their event loops), the configuration
 * reconciler and the API post events here; each runs to completion, in posting order, with no
 * locks. Timers (the graceful-restart restart time) run on the same thread, from this executor's
 * own clock.
 */
public final class RibExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RibExecutor.class);

    private final Rib rib;
    private final ScheduledExecutorService executor;
    private final boolean owned;
    private volatile Thread thread;

    public RibExecutor(Rib rib) {
        this.rib = Objects.requireNonNull(rib, "rib");
        this.owned = true;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "flatnet-rib");
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    /**
     * Runs the RIB on {@code executor}, which must run one task at a time in submission order (a
     * netty {@code EventExecutor}, say, whose ticker then times the RIB's timers; tests pass an
     * embedded event loop and advance its time). {@link #close()} leaves it running.
     */
    public RibExecutor(Rib rib, ScheduledExecutorService executor) {
        this.rib = Objects.requireNonNull(rib, "rib");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.owned = false;
    }

    public Rib rib() {
        return rib;
    }

    /** Runs {@code task} on the RIB thread after {@code delay}; cancel it with the future. */
    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return executor.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("RIB timer failed; the RIB carries on", e);
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} on the RIB thread (for work that needs more than the {@link Rib}). */
    public void execute(Runnable task) {
        executor.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("RIB event failed; the RIB carries on", e);
            }
        });
    }

    /** Runs {@code event} on the RIB thread. An exception it throws is logged; the RIB carries on. */
    public void post(Consumer<Rib> event) {
        executor.execute(() -> run(event));
    }

    /** Runs {@code query} on the RIB thread and completes with its answer. */
    public <T> CompletableFuture<T> query(Function<Rib, T> query) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                answer.complete(query.apply(rib));
            } catch (RuntimeException | Error e) {
                // An Error too (a LinkageError from a stale jar was seen): left uncaught, the
                // executor would swallow it and the caller would wait out its timeout instead.
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    public void announce(RouteSource peer, NlriList nlri, RouteAttributes attributes) {
        post(r -> r.announce(peer, nlri, attributes));
    }

    public void withdraw(RouteSource peer, NlriList nlri) {
        post(r -> r.withdraw(peer, nlri));
    }

    public void peerDown(RouteSource peer) {
        post(r -> r.peerDown(peer));
    }

    /**
     * The session with a graceful-restart peer went down (RFC 4724 §4.2): mark the family's paths
     * stale and sweep whatever is still stale after {@code restartTime}, unless the peer restarts
     * again first (a newer mark makes the old timer do nothing).
     */
    public void peerRestarting(RouteSource peer, Afi afi, Duration restartTime) {
        post(r -> {
            int mark = r.markStale(peer, afi);
            executor.schedule(() -> run(s -> s.sweepStale(peer, afi, mark)), restartTime.toNanos(), TimeUnit.NANOSECONDS);
        });
    }

    /** End-of-RIB received for {@code afi}: the paths the peer did not send again go (RFC 4724 §4.2). */
    public void endOfRib(RouteSource peer, Afi afi) {
        post(r -> r.sweepStale(peer, afi));
    }

    /** True on the RIB thread. */
    public boolean inRibThread() {
        return Thread.currentThread() == thread;
    }

    public boolean isShutdown() {
        return executor.isShutdown();
    }

    /** Stops taking events and waits up to five seconds for the queued ones. */
    @Override
    public void close() {
        if (!owned) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void run(Consumer<Rib> event) {
        try {
            event.accept(rib);
        } catch (RuntimeException e) {
            LOG.error("RIB event failed; the RIB carries on", e);
        }
    }
}
