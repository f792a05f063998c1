package io.flatnet.kernel;

import java.util.Objects;

/** An incremental change to the desired routes, for {@link RouteSyncer#apply}. */
public sealed interface RouteChange {

    static RouteChange put(KernelRoute route) {
        return new Put(route);
    }

    static RouteChange remove(RouteKey key) {
        return new Remove(key);
    }

    /** Desire this route (adding it, or replacing the one with the same key). */
    record Put(KernelRoute route) implements RouteChange {
        public Put {
            Objects.requireNonNull(route, "route");
        }
    }

    /** No longer desire the route with this key. */
    record Remove(RouteKey key) implements RouteChange {
        public Remove {
            Objects.requireNonNull(key, "key");
        }
    }
}
