package io.flatnet.kernel;

import java.util.List;

/** The outcome of one {@link KernelRouteTable#apply} call: how many requests succeeded, and each failure. */
public record BatchResult(int succeeded, List<RouteFailure> failures) {

    public BatchResult {
        failures = List.copyOf(failures);
    }

    public boolean ok() {
        return failures.isEmpty();
    }
}
