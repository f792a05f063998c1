package io.flatnet.bgp.session;

import io.flatnet.bgp.wire.message.MessageType;

/** Messages counted per type, in one direction. */
public record MessageCounters(long open, long update, long notification, long keepalive, long routeRefresh) {

    public static final MessageCounters ZERO = new MessageCounters(0, 0, 0, 0, 0);

    /** From an array indexed by {@link MessageType#ordinal()}. */
    static MessageCounters of(long[] byType) {
        return new MessageCounters(byType[MessageType.OPEN.ordinal()], byType[MessageType.UPDATE.ordinal()],
                byType[MessageType.NOTIFICATION.ordinal()], byType[MessageType.KEEPALIVE.ordinal()],
                byType[MessageType.ROUTE_REFRESH.ordinal()]);
    }

    public long total() {
        return open + update + notification + keepalive + routeRefresh;
    }
}
