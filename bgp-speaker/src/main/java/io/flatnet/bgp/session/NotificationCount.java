package io.flatnet.bgp.session;

/** How many NOTIFICATIONs of one code and subcode went one way over a peer's sessions. */
public record NotificationCount(int code, int subcode, long count) {}
