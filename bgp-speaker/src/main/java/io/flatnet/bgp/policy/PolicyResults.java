package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.route.RouteAttributes;

/** Helpers for composing hooks. */
final class PolicyResults {
    private PolicyResults() {
    }

    /**
     * The result of {@code r1} on {@code original} (giving {@code a1}) followed by {@code r2} on
     * {@code a1}, without allocating when at most one of them changed anything.
     */
    static PolicyResult combine(RouteAttributes original, PolicyResult r1, RouteAttributes a1, PolicyResult r2) {
        if (r2.isRejected()) {
            return r2;
        }
        if (r2 == PolicyResult.unchanged()) {
            return r1;
        }
        return PolicyResult.accepted(original, r2.attributes(a1));
    }
}
