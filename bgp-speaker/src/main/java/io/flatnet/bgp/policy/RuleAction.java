package io.flatnet.bgp.policy;

/** What a matching rule does with the route (Calico's {@code action}). */
public enum RuleAction {
    ACCEPT,
    REJECT
}
