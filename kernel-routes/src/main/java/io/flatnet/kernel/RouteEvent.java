package io.flatnet.kernel;

import java.util.Objects;

/**
 * What a route monitor reports: a route added or changed, or deleted, by someone other than
 * flatnet's own request socket; or {@code Overrun} when the monitor socket lost notifications
 * (ENOBUFS), after which only a full resync can tell what the kernel holds.
 */
public sealed interface RouteEvent {

    record Changed(KernelRoute route) implements RouteEvent {
        public Changed {
            Objects.requireNonNull(route, "route");
        }
    }

    record Deleted(KernelRoute route) implements RouteEvent {
        public Deleted {
            Objects.requireNonNull(route, "route");
        }
    }

    record Overrun() implements RouteEvent {}
}
