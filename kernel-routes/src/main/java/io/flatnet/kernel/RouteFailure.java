package io.flatnet.kernel;

import java.util.Objects;

/**
 * The kernel refused one request of a batch.
 *
 * @param detail the kernel's extended-ack text (e.g. "Nexthop has invalid gateway"), or empty
 */
public record RouteFailure(RouteOp op, Errno errno, String detail) {

    public RouteFailure {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(errno, "errno");
        Objects.requireNonNull(detail, "detail");
    }

    /** "replace 100.80.0.0/24 via 100.64.9.9 proto bgp: ENETUNREACH (Network is unreachable)". */
    public String message() {
        return op + ": " + errno + (detail.isEmpty() ? "" : ": " + detail);
    }

    @Override
    public String toString() {
        return message();
    }
}
