package io.flatnet.agent.config.reload;

import io.flatnet.agent.config.ConfigException;
import io.flatnet.agent.config.ConfigProblem;
import io.flatnet.agent.config.file.ConfigFileLoader;
import io.flatnet.agent.config.view.NodeView;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the configuration file on request, on SIGHUP and when the file changes.
 *
 * <p>The file is watched through its directory (a {@link WatchService} cannot watch a single
 * file, and editors and Kubernetes ConfigMap mounts replace files by renaming, which only the
 * directory sees). An event for the file is taken as a hint: editors write in bursts, so
 * a reload runs once the directory has been quiet for the debounce interval, and a reload that
 * finds the same view as before changes nothing.
 *
 * <p>SIGHUP goes through {@code sun.misc.Signal}: the JDK has no supported signal API, this one
 * is in the {@code jdk.unsupported} module exactly so that daemons can use it, and it has been
 * stable for decades. Where it is missing, SIGHUP reload is off and a warning says so.
 *
 * <p>All reloads run on one thread, so two never overlap, {@code apply} sees views in order and
 * no lock is needed.
 */
public final class ConfigReloader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

    /** What a reload did. */
    public enum Outcome { APPLIED, UNCHANGED, REFUSED }

    /** The latest reload, for the API: when, what it did and, when refused, why. */
    public record Result(java.time.Instant at, Outcome outcome, String detail) {}

    private final Path file;
    private final String nodeName;
    private final Consumer<NodeView> apply;
    private final Duration debounce;
    private final ScheduledExecutorService executor;
    private volatile NodeView current;
    private volatile Result last;
    private ScheduledFuture<?> pending;
    private WatchService watcher;
    private Thread watchThread;

    /**
     * @param current the view in effect now (loaded at start)
     * @param apply   hands a new view to the speaker; called on the reloader's thread
     */
    public ConfigReloader(Path file, String nodeName, NodeView current, Consumer<NodeView> apply, Duration debounce) {
        this.file = Objects.requireNonNull(file, "file");
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.current = Objects.requireNonNull(current, "current");
        this.apply = Objects.requireNonNull(apply, "apply");
        this.debounce = Objects.requireNonNull(debounce, "debounce");
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flatnet-config-reload");
            t.setDaemon(true);
            return t;
        });
    }

    public NodeView current() {
        return current;
    }

    /** The latest reload's result, empty before the first one. */
    public java.util.Optional<Result> lastResult() {
        return java.util.Optional.ofNullable(last);
    }

    /** Starts watching the file's directory and listening for SIGHUP. */
    public void start() throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        watcher = FileSystems.getDefault().newWatchService();
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        watchThread = new Thread(this::watch, "flatnet-config-watch");
        watchThread.setDaemon(true);
        watchThread.start();
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                log.info("SIGHUP: reloading {}", file);
                executor.execute(this::reloadNow);
            });
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            log.warn("SIGHUP reload is not available here ({}); the file is still watched", e.toString());
        }
    }

    /** Reloads now and waits for the outcome; runs on the reloader's thread like every reload. */
    public Outcome reload() throws InterruptedException {
        try {
            return executor.submit(this::reloadNow).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("reload failed", e.getCause());
        }
    }

    private Outcome reloadNow() {
        last = attempt();
        return last.outcome();
    }

    private static Result result(Outcome outcome, String detail) {
        return new Result(java.time.Instant.now(), outcome, detail);
    }

    private Result attempt() {
        NodeView next;
        try {
            next = NodeView.compute(ConfigFileLoader.load(file), nodeName);
        } catch (ConfigException e) {
            log.error("configuration not reloaded, keeping the last good one; {} problem(s):", e.problems().size());
            for (ConfigProblem p : e.problems()) {
                log.error("  {}", p.format());
            }
            return result(Outcome.REFUSED, e.problems().size() + " problem(s), keeping the last good configuration: "
                    + String.join("; ", e.problems().stream().map(ConfigProblem::format).toList()));
        }
        if (next.equals(current)) {
            log.debug("{} reloaded: nothing changed", file);
            return result(Outcome.UNCHANGED, "");
        }
        if (!next.speakerConfig().equals(current.speakerConfig())) {
            log.error("configuration not reloaded, keeping the last good one: the node's AS, router id or listen"
                    + " settings changed ({} -> {}); restart the agent to change them",
                    current.speakerConfig(), next.speakerConfig());
            return result(Outcome.REFUSED,
                    "the node's AS, router id or listen settings changed; restart the agent to change them");
        }
        next.warnings().forEach(w -> log.warn("{}", w));
        apply.accept(next);
        current = next;
        log.info("{} reloaded: {} peer(s), {} prefix(es) advertised", file, next.peers().size(),
                next.advertisements().size());
        return result(Outcome.APPLIED, "");
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean ours = key.pollEvents().stream().anyMatch(e -> concernsTheFile(e.context()));
                key.reset();
                if (ours) {
                    schedule();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    /**
     * Only events for the file itself, or for the {@code ..data} link a Kubernetes ConfigMap mount
     * swaps, start a reload: other files in the directory (the agent's own log, say) would
     * otherwise trigger reloads that log, that trigger reloads.
     */
    private boolean concernsTheFile(Object context) {
        return context instanceof Path p && (p.equals(file.getFileName()) || p.toString().startsWith(".."));
    }

    /** Restarts the quiet period; {@code pending} is only touched on the reloader's thread. */
    private void schedule() {
        executor.execute(() -> {
            if (pending != null) {
                pending.cancel(false);
            }
            pending = executor.schedule(this::reloadNow, debounce.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    @Override
    public void close() {
        try {
            if (watcher != null) {
                watcher.close();
            }
        } catch (IOException e) {
            log.debug("closing the watch service: {}", e.toString());
        }
        executor.shutdownNow();
    }
}
