package io.flatnet.bgp.wire.message;

/** A BGP message, one of the five types a speaker exchanges. */
public sealed interface BgpMessage permits Open, Update, Notification, Keepalive, RouteRefresh {
    MessageType type();
}
