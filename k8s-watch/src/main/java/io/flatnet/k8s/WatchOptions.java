package io.flatnet.k8s;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link ClusterWatcher}.
 *
 * @param namespace      where the Secrets that hold BGP passwords live (the agent's namespace)
 * @param resyncPeriod   how often the informers replay their caches and referenced Secrets are read again
 * @param debounce       how long the reconciler waits after a change for more to arrive
 * @param backoffInitial first wait after a failed list or watch
 * @param backoffMax     longest wait between attempts
 */
public record WatchOptions(String namespace, Duration resyncPeriod, Duration debounce, Duration backoffInitial,
        Duration backoffMax) {

    public static final WatchOptions DEFAULTS = new WatchOptions("flatnet", Duration.ofMinutes(10),
            Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(30));

    public WatchOptions {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(resyncPeriod, "resyncPeriod");
        Objects.requireNonNull(debounce, "debounce");
        Objects.requireNonNull(backoffInitial, "backoffInitial");
        Objects.requireNonNull(backoffMax, "backoffMax");
    }

    public WatchOptions withNamespace(String ns) {
        return new WatchOptions(ns, resyncPeriod, debounce, backoffInitial, backoffMax);
    }

    public WatchOptions withResyncPeriod(Duration d) {
        return new WatchOptions(namespace, d, debounce, backoffInitial, backoffMax);
    }
}
