package io.flatnet.kernel;

import java.util.List;

/** What one {@link RouteSyncer} call changed in the kernel, and what the kernel refused. */
public record SyncReport(int added, int replaced, int deleted, List<RouteFailure> failures) {

    public SyncReport {
        failures = List.copyOf(failures);
    }

    public static SyncReport empty() {
        return new SyncReport(0, 0, 0, List.of());
    }
}
