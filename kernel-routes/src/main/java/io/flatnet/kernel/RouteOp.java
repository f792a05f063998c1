package io.flatnet.kernel;

import java.util.Objects;

/**
 * One request in a batch for {@link KernelRouteTable#apply}. {@code Add} fails with EEXIST when any
 * route (of any protocol) holds the key, which is how flatnet avoids overwriting routes it does not
 * own; {@code Replace} creates or overwrites and is used only for keys flatnet already owns.
 * {@code Delete} matches the key and flatnet's protocol only.
 */
public sealed interface RouteOp {

    KernelRoute route();

    /** RTM_NEWROUTE with NLM_F_CREATE | NLM_F_EXCL. */
    record Add(KernelRoute route) implements RouteOp {
        public Add {
            Objects.requireNonNull(route, "route");
        }

        @Override
        public String toString() {
            return "add " + route;
        }
    }

    /** RTM_NEWROUTE with NLM_F_CREATE | NLM_F_REPLACE. */
    record Replace(KernelRoute route) implements RouteOp {
        public Replace {
            Objects.requireNonNull(route, "route");
        }

        @Override
        public String toString() {
            return "replace " + route;
        }
    }

    /** RTM_DELROUTE for the route's key and protocol. */
    record Delete(KernelRoute route) implements RouteOp {
        public Delete {
            Objects.requireNonNull(route, "route");
        }

        @Override
        public String toString() {
            return "delete " + route;
        }
    }
}
