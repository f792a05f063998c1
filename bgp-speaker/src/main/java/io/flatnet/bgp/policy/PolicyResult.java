package io.flatnet.bgp.policy;

import io.flatnet.bgp.model.route.RouteAttributes;
import java.util.Objects;

/**
 * What a policy hook decided about one route: accepted unchanged, accepted with new attributes,
 * or rejected with a reason that logs and the API can show.
 *
 * <p>On the hot path nothing is allocated for a route that passes untouched: {@link #unchanged()}
 * is a shared instance and {@link #attributes(RouteAttributes)} then hands back the caller's own
 * attributes instance. Rejections built from configuration keep their reason strings from
 * construction time, so they do not allocate either.
 */
public sealed interface PolicyResult {

    /** Accepted with the attributes the hook was given. */
    static PolicyResult unchanged() {
        return Unchanged.INSTANCE;
    }

    /**
     * Accepted: {@link #unchanged()} when {@code after} is the very instance {@code before},
     * otherwise {@link Modified}.
     */
    static PolicyResult accepted(RouteAttributes before, RouteAttributes after) {
        return after == before ? Unchanged.INSTANCE : new Modified(after);
    }

    static PolicyResult rejected(String reason) {
        return new Rejected(reason);
    }

    boolean isAccepted();

    default boolean isRejected() {
        return !isAccepted();
    }

    /**
     * The attributes to carry on with: {@code input} itself when unchanged, the new set when
     * modified; {@code null} when rejected.
     */
    RouteAttributes attributes(RouteAttributes input);

    /** Accepted, attributes untouched. */
    enum Unchanged implements PolicyResult {
        INSTANCE;

        @Override
        public boolean isAccepted() {
            return true;
        }

        @Override
        public RouteAttributes attributes(RouteAttributes input) {
            return input;
        }

        @Override
        public String toString() {
            return "accepted";
        }
    }

    /** Accepted with changed attributes. */
    record Modified(RouteAttributes attributes) implements PolicyResult {
        public Modified {
            Objects.requireNonNull(attributes, "attributes");
        }

        @Override
        public boolean isAccepted() {
            return true;
        }

        @Override
        public RouteAttributes attributes(RouteAttributes input) {
            return attributes;
        }

        @Override
        public String toString() {
            return "accepted (modified)";
        }
    }

    /** Rejected, and why. */
    record Rejected(String reason) implements PolicyResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean isAccepted() {
            return false;
        }

        @Override
        public RouteAttributes attributes(RouteAttributes input) {
            return null;
        }

        @Override
        public String toString() {
            return "rejected: " + reason;
        }
    }
}
