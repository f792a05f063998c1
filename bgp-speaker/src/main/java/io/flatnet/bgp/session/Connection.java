package io.flatnet.bgp.session;

import io.flatnet.bgp.fsm.ConnectionDirection;
import io.flatnet.bgp.fsm.FsmState;
import io.flatnet.bgp.fsm.TimerKind;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.wire.CodecContext;
import io.flatnet.bgp.wire.message.Notification;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One FSM and the TCP connection it runs (RFC 4271 §6.8: one FSM per connection). A peer's
 * primary connection object outlives its sockets: after a failure its FSM waits in IDLE and
 * connects again. A second connection exists only until collision resolution. Touched only on the
 * peer's event loop.
 */
final class Connection {
    final String label;
    FsmState fsm;
    ConnectionDirection direction;
    /** The socket, once connected or accepted; null while idle or connecting. */
    Channel channel;
    /** The outbound attempt in flight, if any. */
    ChannelFuture attempt;
    final Map<TimerKind, DeadlineTimer> timers = new EnumMap<>(TimerKind.class);

    // --- per socket, reset when it closes ---
    CodecContext context = CodecContext.INITIAL;
    NegotiatedSession negotiated;
    /** The peer's BGP identifier from its OPEN. */
    io.flatnet.bgp.model.RouterId peerRouterId;
    /** The session as the RIB knows it, once established. */
    SpeakerRib.Member member;
    final Set<AddressFamily> disabledFamilies = new HashSet<>();
    /** Bumped per socket, so that RIB callbacks for an old socket are recognised as stale. */
    int epoch;
    ChannelFuture lastWrite;
    int outstandingWrites;
    long lastProgressNanos = Long.MIN_VALUE;
    /**
     * RFC 9687 progress is read from the kernel (bytes the peer acknowledged) rather than from
     * netty's write completions, which only say the kernel's send buffer took the bytes.
     */
    boolean kernelProgress;
    long bytesAcked = -1;
    /** Sent instead of the FSM's plain Cease 6/2 when the operator or a config change stops us. */
    Notification stopNotification;
    /** Close without any NOTIFICATION (graceful shutdown for graceful-restart helpers). */
    boolean silent;

    Connection(String label, FsmState fsm) {
        this.label = label;
        this.fsm = fsm;
    }

    void resetSocketState() {
        context = CodecContext.INITIAL;
        negotiated = null;
        member = null;
        peerRouterId = null;
        disabledFamilies.clear();
        epoch++;
        lastWrite = null;
        outstandingWrites = 0;
        lastProgressNanos = Long.MIN_VALUE;
        kernelProgress = false;
        bytesAcked = -1;
    }

    /** The families routes flow in: negotiated and not disabled by RFC 7606. */
    Set<AddressFamily> usableFamilies() {
        Set<AddressFamily> usable = new HashSet<>(context.families());
        usable.removeAll(disabledFamilies);
        return usable;
    }
}
