package io.flatnet.bgp.policy;

/** How a rule's {@code cidr} is compared with a route's prefix (Calico's {@code matchOperator}). */
public enum MatchOperator {
    /** The prefix is exactly the cidr (same address and length). */
    EQUAL,
    /** The prefix is anything but exactly the cidr. */
    NOT_EQUAL,
    /** The prefix lies inside the cidr (the cidr itself included). */
    IN,
    /** The prefix does not lie inside the cidr. */
    NOT_IN
}
