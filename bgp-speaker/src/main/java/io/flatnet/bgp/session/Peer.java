package io.flatnet.bgp.session;

import static io.flatnet.bgp.fsm.SessionState.ESTABLISHED;
import static io.flatnet.bgp.fsm.SessionState.IDLE;
import static io.flatnet.bgp.fsm.SessionState.OPEN_SENT;

import io.flatnet.bgp.fsm.CollisionVerdict;
import io.flatnet.bgp.fsm.ConnectionCollision;
import io.flatnet.bgp.fsm.ConnectionDirection;
import io.flatnet.bgp.fsm.FsmAction;
import io.flatnet.bgp.fsm.FsmConfig;
import io.flatnet.bgp.fsm.FsmEvent;
import io.flatnet.bgp.fsm.FsmState;
import io.flatnet.bgp.fsm.PeerFsm;
import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.fsm.TimerKind;
import io.flatnet.bgp.fsm.Transition;
import io.flatnet.bgp.model.AddressFamily;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.CompiledPeerPolicy;
import io.flatnet.bgp.policy.PeerContext;
import io.flatnet.bgp.rib.RouteSource;
import io.flatnet.bgp.wire.capability.GracefulRestartCapability;
import io.flatnet.bgp.wire.BgpFrameDecoder;
import io.flatnet.bgp.wire.BgpMessageEncoder;
import io.flatnet.bgp.wire.BgpWireException;
import io.flatnet.bgp.wire.CodecContext;
import io.flatnet.bgp.wire.Decoded;
import io.flatnet.bgp.wire.ErrorAction;
import io.flatnet.bgp.wire.FrameErrorEvent;
import io.flatnet.bgp.wire.MessageDecoder;
import io.flatnet.bgp.wire.NotificationCode;
import io.flatnet.bgp.wire.UpdateDecoder;
import io.flatnet.bgp.wire.WireError;
import io.flatnet.bgp.wire.message.BgpMessage;
import io.flatnet.bgp.wire.message.Keepalive;
import io.flatnet.bgp.wire.message.MessageType;
import io.flatnet.bgp.wire.message.Notification;
import io.flatnet.bgp.wire.message.Open;
import io.flatnet.bgp.wire.message.RouteRefresh;
import io.flatnet.bgp.wire.message.Update;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured neighbour: drives its {@link PeerFsm}s (one per TCP connection, RFC 4271 §6.8),
 * runs their actions, decodes what arrives, resolves connection collisions, and feeds received
 * routes to the Adj-RIB-In. Everything here runs on the peer's event loop, which is also the event
 * loop of each of its channels; so nothing needs a lock.
 *
 * <p>Two choices beyond the FSM's own: an inbound connection that overtakes our own attempt does
 * not abort that attempt (the far end may already have accepted it) but tracks it as a second
 * connection for collision resolution; and a started peer waiting out its restart backoff accepts
 * the peer's connection instead of refusing it, so two active speakers cannot keep missing each
 * other (seen on loopback: each refused the other while backing off, for ever).
 *
 * <p>FSM events raised while actions run (a write completing at once, a callback) are queued and
 * stepped after the current transition, so transitions never nest.
 */
final class Peer {
    private static final Logger log = LoggerFactory.getLogger(Peer.class);
    /** How long a NOTIFICATION gets to drain before the socket is closed regardless. */
    static final Duration NOTIFICATION_FLUSH_TIMEOUT = Duration.ofSeconds(3);
    /** Write progress is reported to the FSM at most this often (RFC 9687 timer restarts). */
    static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often the kernel's send queue is looked at (RFC 9687 progress), where it can be. */
    static final long SEND_QUEUE_SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    /** Replaced only by {@link #rekey}, with a config that differs in the MD5 password alone. */
    volatile PeerConfig config;
    final EventLoop loop;
    /** For a dynamic neighbour, the listen range that accepted it; empty for a configured peer. */
    final Optional<String> listenRange;
    private final SessionEnvironment env;
    private final SpeakerConfig speaker;
    private final PeerFsm fsm;
    private final Asn localAsn;

    private Connection primary = new Connection("primary", FsmState.initial());
    private Connection second;

    private record Pending(Connection connection, FsmEvent event, Object payload) {}

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean draining;
    private Object payload;
    /** Our outbound attempt that an inbound connection overtook; if it completes it becomes a second connection. */
    private ChannelFuture detachedAttempt;

    private final PeerStats stats;
    /** The peer's import side, compiled once; used on this loop only. */
    private final CompiledPeerPolicy importPolicy;
    /** Import policy with the current session's facts; set when it is established. */
    private InboundUpdate.Import importRules;

    // --- the established session, as the RIB knows it (kept past the socket's reset until down) ---
    private SpeakerRib.Member member;
    private NegotiatedSession sessionNegotiated;
    /** The last NOTIFICATION sent or received on the established session: decides graceful restart. */
    private Notification downNotification;
    /** Stopped by us for good (de-configured, shut down): the peer's routes go, whatever it negotiated. */
    private boolean stopped;
    /** A dynamic neighbour's first connection has been taken: from now on, losing it ends the peer. */
    private boolean connected;

    Peer(PeerConfig config, SessionEnvironment env, EventLoop loop) {
        this(config, env, loop, Optional.empty());
    }

    /** @param listenRange the range that accepted a dynamic neighbour; empty for a configured peer */
    Peer(PeerConfig config, SessionEnvironment env, EventLoop loop, Optional<String> listenRange) {
        this.config = config;
        this.env = env;
        this.loop = loop;
        this.listenRange = listenRange;
        this.speaker = env.speaker();
        this.localAsn = config.effectiveLocalAsn(speaker.localAsn());
        FsmConfig fsmConfig = FsmConfig.DEFAULT
                .withHoldTime(Duration.ofSeconds(OpenNegotiation.holdSeconds(config, speaker)))
                .withBackoff(config.backoff())
                .withMinSendHoldTime(speaker.minSendHoldTime())
                .withPassive(config.passive());
        this.fsm = new PeerFsm(fsmConfig, java.util.concurrent.ThreadLocalRandom.current());
        this.stats = new PeerStats(env.clock().instant());
        this.importPolicy = config.policy().compile(speaker.rules());
    }

    /**
     * Takes a new TCP MD5 key without resetting the session: later connections use it, and the
     * sockets already open are re-keyed in place. The kernel drops segments signed with the old
     * key from then on and TCP retransmits them, so the session survives as long as the peer
     * changes its key within the hold time. Called on the speaker's control loop; the sockets
     * are re-keyed on this peer's loop.
     */
    void rekey(PeerConfig next) {
        if (!isKeyRotation(config, next)) {
            throw new IllegalArgumentException("not a key rotation: " + config + " -> " + next);
        }
        config = next;
        loop.execute(() -> {
            for (Connection c : new Connection[] {primary, second}) {
                if (c != null && c.channel != null) {
                    env.applyMd5Key(next, c.channel);
                }
            }
        });
    }

    /** Whether going from {@code current} to {@code next} changes only an existing MD5 key. */
    static boolean isKeyRotation(PeerConfig current, PeerConfig next) {
        return current.md5Password() != null && next.md5Password() != null
                && !current.md5Password().equals(next.md5Password())
                && next.toBuilder().md5Password(current.md5Password()).build().equals(current);
    }

    IpAddress address() {
        return config.address();
    }

    // --- operator and speaker events ---

    void start() {
        enqueue(primary, config.passive() ? new FsmEvent.ManualStartPassive() : new FsmEvent.ManualStart(), null);
    }

    /**
     * Stops the peer for good. {@code cease} replaces the FSM's plain Cease 6/2 (to say 6/3
     * de-configured, 6/6 configuration change, or carry an RFC 9003 message); {@code silent}
     * closes without any NOTIFICATION, so graceful restart helpers keep our routes.
     */
    void stop(Notification cease, boolean silent) {
        stopped = true;
        if (detachedAttempt != null) {
            detachedAttempt.cancel(false);
            detachedAttempt.channel().close();
            detachedAttempt = null;
        }
        for (Connection c : new Connection[] {primary, second}) {
            if (c != null) {
                c.stopNotification = cease;
                c.silent = silent;
                enqueue(c, new FsmEvent.ManualStop(), null);
            }
        }
    }

    /**
     * An operator's reset. Soft (unless {@code hard}): when the session is ESTABLISHED and route
     * refresh was negotiated, asks the peer to send its routes again (ROUTE-REFRESH per family);
     * otherwise hard: Cease 6/4 administrative reset, carrying {@code message} if given (RFC
     * 9003), and a fresh start, as {@code clear ip bgp} would.
     */
    PeerReset reset(boolean hard, String message) {
        Connection c = primary;
        if (!hard && c.fsm.state() == ESTABLISHED && c.negotiated != null && c.negotiated.routeRefresh()) {
            List<AddressFamily> families = c.usableFamilies().stream()
                    .sorted(java.util.Comparator.comparingInt(AddressFamily::afi).thenComparingInt(AddressFamily::safi))
                    .toList();
            log.info("peer {}: soft reset: asking for {} again (ROUTE-REFRESH)", address(), families);
            for (AddressFamily f : families) {
                send(c, RouteRefresh.request(f), false);
            }
            if (c.channel != null) {
                c.channel.flush();
            }
            return PeerReset.ROUTE_REFRESH;
        }
        Notification cease = message == null || message.isBlank()
                ? Notification.of(NotificationCode.CEASE_ADMINISTRATIVE_RESET)
                : Notification.shutdown(NotificationCode.CEASE_ADMINISTRATIVE_RESET, message);
        log.info("peer {}: hard reset by the operator{}", address(),
                message == null || message.isBlank() ? "" : ": " + message);
        error("reset by the operator");
        stop(cease, false);
        if (listenRange.isPresent()) {
            // A dynamic neighbour is not ours to restart: it reconnects, and gets a fresh peer.
            env.dynamicPeerEnded(this);
            return PeerReset.HARD;
        }
        primary.stopNotification = null;
        enqueue(primary, config.passive() ? new FsmEvent.ManualStartPassive() : new FsmEvent.ManualStart(), null);
        return PeerReset.HARD;
    }

    /** An inbound connection from this peer, already registered on {@link #loop}, not yet reading. */
    void accept(Channel ch) {
        if (listenRange.isPresent() && stopped) {
            // The listener picked this peer just before it ended. Refusing would leave the far end
            // waiting out its connect-retry timer (120 s in BIRD and FRR) for nothing.
            log.debug("peer {}: inbound connection after the dynamic peer ended: back to the speaker", address());
            env.acceptAgain(ch);
            return;
        }
        if (primary.fsm.state() == IDLE && primary.fsm.started() && second == null) {
            // A restart is pending. RFC 4271 would refuse in Idle, but when both sides connect
            // actively, each refusing while it backs off can keep them missing each other for
            // ever; so the peer's knock starts the session early (backoff is for our attempts).
            enqueue(primary, primary.fsm.passive() ? new FsmEvent.AutomaticStartPassive() : new FsmEvent.AutomaticStart(), null);
        }
        SessionState state = primary.fsm.state();
        if (state == IDLE) {
            log.debug("peer {}: inbound connection refused while idle", address());
            ch.close();
            return;
        }
        if (state.compareTo(OPEN_SENT) < 0) { // CONNECT or ACTIVE: this connection becomes the session
            connected = true;
            // Our own attempt may already be accepted at the far end; aborting it would kill the
            // peer's session. Let it finish and track it as a second connection, for collision
            // resolution to decide (RFC 4271 §6.8).
            detachedAttempt = primary.attempt;
            primary.attempt = null;
            attach(primary, ch, ConnectionDirection.INBOUND);
            enqueue(primary, new FsmEvent.TcpConnectionConfirmed(), null);
            return;
        }
        trackSecond(ch, ConnectionDirection.INBOUND);
    }

    /** Runs {@code ch} beside the primary until collision resolution picks one (RFC 4271 §6.8). */
    private void trackSecond(Channel ch, ConnectionDirection direction) {
        if (second != null || primary.fsm.state().compareTo(OPEN_SENT) < 0) {
            log.debug("peer {}: extra {} connection closed", address(), direction);
            ch.close();
            return;
        }
        Transition t = fsm.trackSecondConnection(primary.fsm);
        second = new Connection("second", t.state());
        attach(second, ch, direction);
        log.debug("peer {}: {}", address(), t.reason());
        runActions(second, t);
    }

    // --- channel events (from SessionHandler) ---

    void received(Connection c, Channel ch, ByteBuf frame) {
        if (c.channel != ch) {
            return; // a socket we already let go of
        }
        int type = frame.getUnsignedByte(frame.readerIndex() + 18);
        Decoded decoded;
        try {
            decoded = MessageDecoder.decode(frame, c.context);
        } catch (BgpWireException e) {
            wireError(c, type, e.error());
            return;
        }
        BgpMessage message = decoded.message();
        stats.received[message.type().ordinal()]++;
        switch (message) {
            case Open open -> openReceived(c, open);
            case Update u -> enqueue(c, new FsmEvent.UpdateReceived(), decoded);
            case Notification n -> {
                if (c == primary && c.fsm.state() == ESTABLISHED) {
                    downNotification = n;
                }
                stats.notificationReceived(n, env.clock().instant());
                log.info("peer {}: NOTIFICATION received: {}", address(), n.describe());
                enqueue(c, new FsmEvent.NotificationReceived(n.code(), n.subcode()), null);
            }
            case Keepalive k -> enqueue(c, new FsmEvent.KeepaliveReceived(), null);
            case RouteRefresh r -> enqueue(c, new FsmEvent.RouteRefreshReceived(), r);
        }
    }

    void frameError(Connection c, Channel ch, FrameErrorEvent event) {
        if (c.channel != ch) {
            return;
        }
        if (!event.mayNotify()) {
            error("malformed NOTIFICATION header: " + event.error().reason());
            enqueue(c, new FsmEvent.TcpConnectionFails(), null);
            return;
        }
        WireError e = event.error();
        error("message header error: " + e.reason());
        enqueue(c, new FsmEvent.HeaderError(e.code().code(), e.code().subcode(), e.data()), null);
    }

    void closed(Connection c, Channel ch) {
        if (c.channel != ch) {
            return;
        }
        c.channel = null;
        c.resetSocketState();
        stats.errorIfNoneYet("connection closed by peer");
        enqueue(c, new FsmEvent.TcpConnectionFails(), null);
    }

    void writabilityChanged(Connection c, Channel ch) {
        if (c.channel == ch && ch.isWritable()) {
            progress(c);
            resumeIfBehind(c);
        }
    }

    void failed(Connection c, Channel ch, Throwable cause) {
        if (c.channel != ch) {
            ch.close();
            return;
        }
        if (cause instanceof java.io.IOException) {
            log.info("peer {}: connection failed: {}", address(), cause.getMessage()); // resets are routine
        } else {
            log.warn("peer {}: connection failed", address(), cause);
        }
        error("I/O error: " + cause);
        closeSocket(c);
        enqueue(c, new FsmEvent.TcpConnectionFails(), null);
    }

    // --- messages ---

    private void wireError(Connection c, int type, WireError e) {
        error(e.reason());
        if (type == MessageType.NOTIFICATION.code()) {
            // RFC 4271 §6.4: a NOTIFICATION is never answered with one.
            enqueue(c, new FsmEvent.TcpConnectionFails(), null);
            return;
        }
        int code = e.code().code();
        int subcode = e.code().subcode();
        Bytes data = e.data();
        FsmEvent event = switch (code) {
            case 2 -> new FsmEvent.OpenMessageError(code, subcode, data);
            case 3 -> new FsmEvent.UpdateMessageError(code, subcode, data);
            default -> new FsmEvent.HeaderError(code, subcode, data);
        };
        enqueue(c, event, null);
    }

    private void openReceived(Connection c, Open open) {
        FsmEvent.OpenReceived event = new FsmEvent.OpenReceived(open.holdTime(), open.bgpIdentifier().bits(), open.asn().value());
        if (c.fsm.state() != OPEN_SENT) {
            enqueue(c, event, null); // the FSM answers an unexpected OPEN
            return;
        }
        Optional<WireError> refused = OpenNegotiation.check(open, config, speaker);
        if (refused.isPresent()) {
            WireError e = refused.get();
            error(e.reason());
            enqueue(c, new FsmEvent.OpenMessageError(e.code().code(), e.code().subcode(), e.data()), null);
            return;
        }
        Connection other = c == primary ? second : primary;
        boolean promote = c == second;
        if (other != null && other.fsm.state().compareTo(OPEN_SENT) >= 0) {
            CollisionVerdict verdict = new ConnectionCollision(speaker.routerId().bits(), localAsn.value(),
                    open.bgpIdentifier().bits(), open.asn().value()).resolve(other.fsm.state(), other.direction, c.direction);
            if (verdict == CollisionVerdict.CLOSE_NEW) {
                log.info("peer {}: connection collision: keeping the {} connection, closing the {} one",
                        address(), other.direction, c.direction);
                dump(c);
                return;
            }
            if (verdict == CollisionVerdict.CLOSE_EXISTING) {
                log.info("peer {}: connection collision: keeping the {} connection, closing the {} one",
                        address(), c.direction, other.direction);
                dump(other);
            }
        } else if (other != null && promote) {
            retire(other); // the old primary is idle or still connecting: this connection takes over
        }
        if (promote) {
            primary = c;
            second = null;
            enqueue(c, new FsmEvent.CollisionWon(), null);
        }
        c.negotiated = OpenNegotiation.negotiate(open, config, speaker);
        c.peerRouterId = open.bgpIdentifier();
        install(c, c.negotiated.context());
        enqueue(c, event, null);
    }

    private void dump(Connection c) {
        if (c == second) {
            second = null;
        }
        enqueue(c, new FsmEvent.OpenCollisionDump(), null);
    }

    /** Lets go of a connection that lost its place (the FSM stopped its timers, or we do now). */
    private void retire(Connection c) {
        c.timers.values().forEach(DeadlineTimer::stop);
        abortAttempt(c);
        if (c.channel != null) {
            closeSocket(c);
        }
    }

    private void install(Connection c, CodecContext context) {
        c.context = context;
        Channel ch = c.channel;
        BgpFrameDecoder frames = ch.pipeline().get(BgpFrameDecoder.class);
        if (frames != null) {
            frames.setContext(context);
        }
        BgpMessageEncoder encoder = ch.pipeline().get(BgpMessageEncoder.class);
        if (encoder != null) {
            encoder.setContext(context);
        }
    }

    // --- the FSM loop ---

    private void enqueue(Connection c, FsmEvent event, Object eventPayload) {
        queue.add(new Pending(c, event, eventPayload));
        if (draining) {
            return;
        }
        draining = true;
        try {
            Pending p;
            while ((p = queue.poll()) != null) {
                step(p);
            }
        } finally {
            draining = false;
        }
    }

    private void step(Pending p) {
        Connection c = p.connection();
        Transition t = fsm.step(c.fsm, p.event());
        payload = p.payload();
        try {
            runActions(c, t);
        } catch (RuntimeException e) {
            log.error("peer {}: failure handling {}: closing the connection", address(), p.event(), e);
            error("internal error: " + e);
            closeSocket(c);
            queue.add(new Pending(c, new FsmEvent.TcpConnectionFails(), null));
        } finally {
            payload = null;
        }
    }

    private void runActions(Connection c, Transition t) {
        SessionState before = c.fsm.state();
        c.fsm = t.state();
        for (FsmAction action : t.actions()) {
            run(c, action);
        }
        SessionState after = c.fsm.state();
        if (before != after) {
            stateChanged(c, before, after, t.reason());
        } else if (log.isTraceEnabled()) {
            log.trace("peer {} ({}): {}", address(), c.label, t.reason());
        }
        if (after == IDLE && c != primary) {
            retire(c);
            if (c == second) {
                second = null;
                if (listenRange.isEmpty()) {
                    restartIfOrphaned();
                }
            }
        }
        endIfDynamicAndDisconnected();
    }

    /**
     * A dynamic neighbour lives as long as its session: once no connection of its is left
     * (the primary fell back to Idle or Active, and no second connection waits), the peer is
     * stopped without a NOTIFICATION (the connection is gone already) and the speaker drops it.
     * A passive peer would otherwise wait in Active for a reconnect that the range's acceptor
     * handles anyway, and thousands of departed nodes would linger.
     */
    private void endIfDynamicAndDisconnected() {
        if (listenRange.isEmpty() || stopped || !connected || second != null
                || primary.fsm.state().compareTo(OPEN_SENT) >= 0) {
            return;
        }
        log.info("peer {}: dynamic neighbour (listen range {}) disconnected; dropping the peer", address(),
                listenRange.get());
        stop(null, true);
        env.dynamicPeerEnded(this);
    }

    private void run(Connection c, FsmAction action) {
        switch (action) {
            case FsmAction.ConnectTcp x -> connect(c);
            case FsmAction.CloseConnection x -> closeSocket(c);
            case FsmAction.SendOpen x -> send(c, OpenNegotiation.localOpen(config, speaker, env.routing().restartState()), true);
            case FsmAction.SendKeepalive x -> send(c, Keepalive.INSTANCE, true);
            case FsmAction.SendNotification n -> sendNotification(c, n);
            case FsmAction.StartTimer s -> timer(c, s.kind()).start(s.delay());
            case FsmAction.StopTimer s -> {
                DeadlineTimer timer = c.timers.get(s.kind());
                if (timer != null) {
                    timer.stop();
                }
            }
            case FsmAction.SessionEstablished e -> established(c, e);
            case FsmAction.SessionDown d -> down(d.reason());
            case FsmAction.ProcessUpdate x -> processUpdate(c, (Decoded) payload);
            case FsmAction.ProcessRouteRefresh x -> processRefresh(c, (RouteRefresh) payload);
        }
    }

    /**
     * A primary that lost a collision waits in IDLE with no restart of its own, counting on the
     * second connection; if that one failed too, start over rather than stay down.
     */
    private void restartIfOrphaned() {
        DeadlineTimer idleHold = primary.timers.get(TimerKind.IDLE_HOLD);
        if (primary.fsm.state() == IDLE && primary.fsm.started() && (idleHold == null || !idleHold.running())) {
            enqueue(primary, primary.fsm.passive() ? new FsmEvent.AutomaticStartPassive() : new FsmEvent.AutomaticStart(), null);
        }
    }

    private void stateChanged(Connection c, SessionState before, SessionState after, String reason) {
        if (c != primary) {
            log.debug("peer {} ({} connection): {} -> {}: {}", address(), c.label, before, after, reason);
            return;
        }
        stats.lastReason = reason;
        stats.since = env.clock().instant();
        log.info("peer {} AS{}: {} -> {}: {}", address(), config.remoteAsn(), before, after, reason);
        env.stateChanged(new PeerStateChange(address(), before, after, reason, stats.since));
    }

    // --- actions ---

    private void connect(Connection c) {
        abortAttempt(c);
        // The pipeline goes in when the connection completes (before netty reads from it): only
        // then is it known whether the socket serves this FSM or a second, collision-tracked one.
        ChannelFuture f = env.connect(config, loop, ch -> env.applySocketOptions(config, ch));
        c.attempt = f;
        f.addListener(done -> {
            if (c.attempt != f) {
                if (f == detachedAttempt) {
                    detachedAttempt = null;
                    if (done.isSuccess()) {
                        trackSecond(f.channel(), ConnectionDirection.OUTBOUND);
                    }
                } else if (done.isSuccess()) {
                    f.channel().close(); // an attempt we gave up on completed anyway
                }
                return;
            }
            c.attempt = null;
            if (done.isSuccess()) {
                attach(c, f.channel(), ConnectionDirection.OUTBOUND);
                enqueue(c, new FsmEvent.TcpCrAcked(), null);
            } else {
                error("connect failed: " + done.cause());
                log.debug("peer {}: connect failed: {}", address(), String.valueOf(done.cause()));
                enqueue(c, new FsmEvent.TcpConnectionFails(), null);
            }
        });
    }

    private void attach(Connection c, Channel ch, ConnectionDirection direction) {
        c.channel = ch;
        c.direction = direction;
        c.resetSocketState();
        if (direction == ConnectionDirection.INBOUND) {
            env.applySocketOptions(config, ch); // outbound sockets got them before connecting
        }
        installPipeline(c, ch);
        ch.config().setAutoRead(true);
    }

    private void installPipeline(Connection c, Channel ch) {
        ch.pipeline().addLast("frames", new BgpFrameDecoder());
        ch.pipeline().addLast("encoder", new BgpMessageEncoder());
        ch.pipeline().addLast("session", new SessionHandler(this, c));
    }

    private void abortAttempt(Connection c) {
        ChannelFuture f = c.attempt;
        if (f != null) {
            c.attempt = null;
            f.cancel(false);
            f.channel().close();
        }
    }

    /** Closes the socket once the last write (normally a NOTIFICATION) has drained, or after a timeout. */
    private void closeSocket(Connection c) {
        abortAttempt(c);
        Channel ch = c.channel;
        if (ch == null) {
            return;
        }
        ChannelFuture last = c.lastWrite;
        c.channel = null;
        c.resetSocketState();
        if (last == null || last.isDone()) {
            closeGently(ch);
        } else {
            last.addListener(f -> closeGently(ch));
            closeAfterFlushTimeout(ch);
        }
    }

    /**
     * Sends FIN rather than closing outright, and closes when the peer does (or after a timeout).
     * A full close while the peer's last UPDATE or KEEPALIVE is still arriving makes the kernel
     * answer with RST, and an RST makes the peer's kernel discard our NOTIFICATION unread: the peer
     * would see only "connection reset" instead of, say, Cease 6/3. The detached channel's input
     * is ignored ({@link #received} drops frames of a socket we let go of).
     */
    private static void closeGently(Channel ch) {
        if (ch instanceof DuplexChannel duplex && ch.isActive() && !duplex.isOutputShutdown()) {
            duplex.shutdownOutput();
            closeAfterFlushTimeout(ch);
        } else {
            ch.close();
        }
    }

    /**
     * Closes {@code ch} after {@link #NOTIFICATION_FLUSH_TIMEOUT} unless it closes first; then the
     * timer is cancelled, since a pending timer holds the whole channel (pipeline, buffers). Without
     * that, a peer resetting a thousand sessions a second kept three thousand dead channels on the
     * heap (found by WireFuzzLiveTest).
     */
    private static void closeAfterFlushTimeout(Channel ch) {
        ScheduledFuture<?> deadline = ch.eventLoop().schedule(() -> {
            ch.close();
        }, NOTIFICATION_FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        ch.closeFuture().addListener(f -> deadline.cancel(false));
    }

    private void sendNotification(Connection c, FsmAction.SendNotification n) {
        if (c.silent) {
            return;
        }
        Notification message = n.code() == NotificationCode.CEASE.code()
                && n.subcode() == NotificationCode.CEASE_ADMINISTRATIVE_SHUTDOWN.subcode() && c.stopNotification != null
                ? c.stopNotification
                : new Notification(n.code(), n.subcode(), n.data());
        if (c.member != null && c.member == member && sessionNegotiated != null) {
            message = GracefulRestart.hardResetIfDue(message, sessionNegotiated, config);
            downNotification = message;
        }
        stats.notificationSent(message, env.clock().instant());
        log.info("peer {} ({} connection): sending NOTIFICATION {}", address(), c.label, message.describe());
        send(c, message, true);
    }

    private void send(Connection c, BgpMessage message, boolean flush) {
        Channel ch = c.channel;
        if (ch == null) {
            return;
        }
        stats.sent[message.type().ordinal()]++;
        c.outstandingWrites++;
        ChannelFuture f = flush ? ch.writeAndFlush(message) : ch.write(message);
        c.lastWrite = f;
        int epoch = c.epoch;
        f.addListener(done -> {
            if (c.epoch != epoch) {
                return;
            }
            c.outstandingWrites--;
            if (done.isSuccess()) {
                writeCompleted(c);
            } else if (!(done.cause() instanceof java.nio.channels.ClosedChannelException)) {
                log.warn("peer {}: write of {} failed: {}", address(), message.type(), String.valueOf(done.cause()));
            }
        });
    }

    /** A write completed: progress, unless the kernel is asked instead ({@link #sampleSendQueue}). */
    private void writeCompleted(Connection c) {
        if (!c.kernelProgress) {
            progress(c);
        }
    }

    /**
     * Four times a second while Established, when the transport can tell: progress is the peer
     * acknowledging bytes, or nothing waiting at all. Write completions cannot say that: the
     * kernel takes a peer's KEEPALIVEs and a good part of a table into its send buffer (megabytes
     * on a fast link) whether or not the peer reads. Sampling four times a second ends a stuck
     * session within the send hold time plus a quarter of a second after the peer's last ACK.
     */
    private void sampleSendQueue(Connection c, int epoch) {
        if (c.epoch != epoch || c.channel == null || c.fsm.state() != ESTABLISHED) {
            return;
        }
        if (observeSendQueue(c)) {
            c.lastProgressNanos = Long.MIN_VALUE; // not throttled: the timer restarts from this sample
            progress(c);
        }
        c.channel.eventLoop().schedule(() -> sampleSendQueue(c, epoch), SEND_QUEUE_SAMPLE_NANOS, TimeUnit.NANOSECONDS);
    }

    /** Whether the kernel shows progress (or an empty queue) since the last look; a getsockopt. */
    private boolean observeSendQueue(Connection c) {
        Optional<SessionEnvironment.SendQueue> q = env.sendQueue(c.channel);
        if (q.isEmpty()) {
            return false;
        }
        boolean advanced = q.get().bytesAcked() != c.bytesAcked;
        c.bytesAcked = q.get().bytesAcked();
        return advanced || q.get().empty();
    }

    /** Bytes left us: restart the RFC 9687 send hold timer, at most once a second. */
    private void progress(Connection c) {
        if (c.fsm.state() != ESTABLISHED) {
            return;
        }
        long now = loop.ticker().nanoTime();
        if (c.lastProgressNanos == Long.MIN_VALUE || now - c.lastProgressNanos >= PROGRESS_INTERVAL_NANOS) {
            c.lastProgressNanos = now;
            enqueue(c, new FsmEvent.SendProgress(), null);
        }
    }

    private DeadlineTimer timer(Connection c, TimerKind kind) {
        EventLoop timerLoop = c.channel != null ? c.channel.eventLoop() : loop;
        DeadlineTimer timer = c.timers.get(kind);
        if (timer == null || timer.loop() != timerLoop) {
            if (timer != null) {
                timer.stop();
            }
            timer = new DeadlineTimer(timerLoop, () -> timerExpired(c, kind));
            c.timers.put(kind, timer);
        }
        return timer;
    }

    private void timerExpired(Connection c, TimerKind kind) {
        if (kind == TimerKind.SEND_HOLD && c.kernelProgress) {
            if (observeSendQueue(c)) { // a last look: progress since the last sample
                c.lastProgressNanos = Long.MIN_VALUE;
                progress(c);
                return;
            }
        } else if (kind == TimerKind.SEND_HOLD && c.outstandingWrites == 0) {
            // Nothing waits to be written: an idle session is not a stuck one.
            c.lastProgressNanos = Long.MIN_VALUE;
            progress(c);
            return;
        }
        if (kind == TimerKind.HOLD && readingPausedByUs(c)) {
            // The RIB is behind and we stopped reading (SpeakerRib.received): the peer's KEEPALIVEs
            // wait unread in our socket by our choice, not its silence. Count again from now; the
            // timer runs normally once reading resumes, which it does as the RIB catches up.
            Duration hold = c.fsm.negotiated().map(n -> n.holdTime()).orElse(Duration.ZERO);
            if (!hold.isZero()) {
                timer(c, TimerKind.HOLD).start(hold);
                return;
            }
        }
        if (kind == TimerKind.CONNECT_RETRY) {
            error("connect to " + address() + " port " + config.port() + " timed out");
        } else if (kind == TimerKind.HOLD) {
            error("hold timer expired");
        } else if (kind == TimerKind.SEND_HOLD) {
            error("send hold timer expired: the peer is not reading (RFC 9687)");
        }
        enqueue(c, FsmEvent.timerExpired(kind), null);
    }

    private static boolean readingPausedByUs(Connection c) {
        return c.member != null && c.member.readPaused.get() && c.channel != null && !c.channel.config().isAutoRead();
    }

    private void established(Connection c, FsmAction.SessionEstablished e) {
        stats.up(loop.ticker().nanoTime());
        if (observeSendQueue(c)) { // the first look is progress whenever the transport can tell at all
            c.kernelProgress = true;
            int epoch = c.epoch;
            c.channel.eventLoop().schedule(() -> sampleSendQueue(c, epoch), SEND_QUEUE_SAMPLE_NANOS, TimeUnit.NANOSECONDS);
        }
        IpAddress local = Addresses.of(c.channel.localAddress());
        log.info("peer {}: established; hold time {} s, families {}, local address {}", address(),
                e.holdTime().toSeconds(), c.context.families(), local);
        boolean internal = config.isInternal(speaker.localAsn());
        if (!internal && !config.policy().configured()) {
            log.warn("peer {}: eBGP with no policy configured: nothing is accepted from it or sent to it (RFC 8212)",
                    address());
        }
        RouterId id = c.peerRouterId;
        PeerContext context = new PeerContext(address(), config.remoteAsn(), id, localAsn, speaker.routerId(),
                internal && config.reflectorClient());
        importRules = new InboundUpdate.Import(importPolicy, context);
        RouteSource source = internal ? RouteSource.ibgp(address(), id, config.remoteAsn())
                : RouteSource.ebgp(address(), id, config.remoteAsn());
        Optional<GracefulRestartCapability> gr = GracefulRestart.peerCapability(c.negotiated);
        Set<AddressFamily> preserved = gr.map(g -> g.families().stream()
                .filter(GracefulRestartCapability.Family::forwardingStatePreserved)
                .map(GracefulRestartCapability.Family::family).collect(java.util.stream.Collectors.toSet()))
                .orElse(Set.of());
        int epoch = c.epoch;
        Channel channel = c.channel;
        SpeakerRib.Member[] self = new SpeakerRib.Member[1];
        SpeakerRib.Sink sink = new SpeakerRib.Sink() {
            @Override
            public void send(ByteBuf messages, int updates) {
                try {
                    onLoop(() -> sendEncoded(c, epoch, self[0], messages, updates));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    messages.release(); // the speaker is closing
                }
            }

            @Override
            public void send(BgpMessage message) {
                onLoop(() -> {
                    if (c.epoch == epoch) {
                        Peer.this.send(c, message, true);
                    }
                });
            }

            @Override
            public boolean writable() {
                return channel.isActive() && channel.isWritable(); // the RIB thread asks: no Connection fields here
            }

            @Override
            public void maxPrefixesExceeded(AddressFamily family, int count) {
                onLoop(() -> Peer.this.maxPrefixesExceeded(c, epoch, family, count));
            }

            @Override
            public void readingPaused() {
                onLoop(() -> {
                    if (c.epoch == epoch && channel.isActive()) {
                        channel.config().setAutoRead(!self[0].readPaused.get());
                    }
                });
            }
        };
        member = new SpeakerRib.Member(address(), source, config, context, c.context, c.usableFamilies(), local,
                gr.isPresent(), preserved, listenRange.isPresent(), sink);
        self[0] = member;
        sessionNegotiated = c.negotiated;
        downNotification = null;
        c.member = member;
        env.routing().sessionUp(member);
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /** Writes UPDATEs the RIB encoded (for this session or its whole update group). */
    private void sendEncoded(Connection c, int epoch, SpeakerRib.Member m, ByteBuf messages, int updates) {
        int bytes = messages.readableBytes();
        Channel ch = c.channel;
        if (c.epoch != epoch || ch == null) {
            messages.release();
            m.inFlight.addAndGet(-bytes);
            return;
        }
        stats.sent[io.flatnet.bgp.wire.message.MessageType.UPDATE.ordinal()] += updates;
        c.outstandingWrites++;
        ChannelFuture f = ch.writeAndFlush(messages);
        c.lastWrite = f;
        m.inFlight.addAndGet(-bytes);
        f.addListener(done -> {
            if (c.epoch != epoch) {
                return;
            }
            c.outstandingWrites--;
            if (done.isSuccess()) {
                writeCompleted(c);
            }
        });
        resumeIfBehind(c);
    }

    private void resumeIfBehind(Connection c) {
        SpeakerRib.Member m = c.member;
        if (m != null && m.wantsResume && c.channel != null && c.channel.isWritable()) {
            m.wantsResume = false;
            env.routing().resume(m);
        }
    }

    private void down(String reason) {
        stats.down(reason);
        SpeakerRib.Member m = member;
        if (m == null) {
            return;
        }
        SpeakerRib.Down d = stopped ? SpeakerRib.Down.HARD
                : GracefulRestart.onDown(sessionNegotiated, config, downNotification);
        member = null;
        sessionNegotiated = null;
        downNotification = null;
        env.routing().sessionDown(m, d);
    }

    private void processUpdate(Connection c, Decoded decoded) {
        Update update = (Update) decoded.message();
        SpeakerRib.Member m = c.member;
        // An UPDATE the decoder emptied by dropping a bad attribute (an MP_UNREACH_NLRI whose NLRI
        // overruns it, say) looks like an End-of-RIB but is not one: its error must still apply.
        Optional<AddressFamily> endOfRib = decoded.errors().isEmpty() ? update.endOfRibFamily() : Optional.empty();
        if (endOfRib.isPresent()) {
            log.debug("peer {}: End-of-RIB for {}", address(), endOfRib.get());
            if (m != null) {
                env.routing().endOfRib(m, endOfRib.get());
            }
            env.endOfRib(address(), endOfRib.get());
            return;
        }
        ErrorAction action = decoded.action();
        if (action != ErrorAction.NONE) {
            log.warn("peer {}: malformed UPDATE handled as {}: {}", address(), action, decoded.errors());
        }
        if (action == ErrorAction.AFISAFI_DISABLE) {
            List<AddressFamily> disabled = decoded.errors().stream()
                    .map(UpdateDecoder::disabledFamily).flatMap(Optional::stream).distinct().toList();
            if (disabled.isEmpty()) {
                disabled = InboundUpdate.multiprotocolFamilies(update);
            }
            for (AddressFamily f : disabled) {
                if (c.disabledFamilies.add(f)) {
                    log.warn("peer {}: {} disabled for this session (RFC 7606)", address(), f);
                    if (m != null) {
                        env.routing().familyDisabled(m, f);
                    }
                }
            }
            if (c.usableFamilies().isEmpty()) {
                WireError e = decoded.errors().stream().filter(w -> w.action() == ErrorAction.AFISAFI_DISABLE)
                        .findFirst().orElseThrow();
                error("the only family was disabled: " + e.reason());
                enqueue(c, new FsmEvent.UpdateMessageError(e.code().code(), e.code().subcode(), e.data()), null);
                return;
            }
            action = ErrorAction.TREAT_AS_WITHDRAW; // whatever else the message carried cannot be trusted
        }
        InboundUpdate in = InboundUpdate.of(update, action, c.usableFamilies(), importRules());
        stats.prefixesReceived += in.announced();
        if (m != null && !in.isEmpty()) {
            env.routing().received(m, in);
        }
    }

    private InboundUpdate.Import importRules() {
        return importRules;
    }

    /** The RIB holds {@code count} routes of {@code family} from this session, over its maximum: Cease 6/1 (RFC 4486). */
    private void maxPrefixesExceeded(Connection c, int epoch, AddressFamily family, int count) {
        if (c.epoch != epoch || c.fsm.state() != ESTABLISHED) {
            return;
        }
        long max = config.maxPrefixes();
        // RFC 4486 §4: AFI (2 octets), SAFI (1), the upper bound (4).
        byte[] data = {(byte) (family.afi() >>> 8), (byte) family.afi(), (byte) family.safi(),
                (byte) (max >>> 24), (byte) (max >>> 16), (byte) (max >>> 8), (byte) max};
        error("maximum prefixes exceeded: " + count + " " + family + " routes, limit " + max);
        log.warn("peer {}: {}", address(), stats.lastError);
        enqueue(c, new FsmEvent.UpdateMessageError(NotificationCode.CEASE_MAX_PREFIXES_REACHED.code(),
                NotificationCode.CEASE_MAX_PREFIXES_REACHED.subcode(), Bytes.of(data)), null);
    }

    private void processRefresh(Connection c, RouteRefresh request) {
        if (request.subtype() != RouteRefresh.NORMAL) {
            return; // the peer's own BoRR/EoRR markers: no stale marking yet
        }
        if (c.member == null || !c.usableFamilies().contains(request.family())) {
            log.debug("peer {}: ROUTE-REFRESH for {} ignored", address(), request.family());
            return;
        }
        env.routing().refresh(c.member, request.family(), c.negotiated != null && c.negotiated.enhancedRouteRefresh());
    }

    // --- status ---

    PeerStatus status() {
        Connection c = primary;
        SessionState state = c.fsm.state();
        boolean up = state == ESTABLISHED;
        Duration hold = c.fsm.negotiated().map(n -> n.holdTime()).orElse(Duration.ZERO);
        Duration keepalive = c.fsm.negotiated().map(n -> n.keepaliveTime()).orElse(Duration.ZERO);
        Duration uptime = up ? Duration.ofNanos(loop.ticker().nanoTime() - stats.establishedAtNanos) : Duration.ZERO;
        long accepted = c.member == null ? 0 : c.member.acceptedTotal();
        return new PeerStatus(address(), config.remoteAsn(), state, stats.since, uptime, hold, keepalive,
                Optional.ofNullable(c.negotiated), MessageCounters.of(stats.received), MessageCounters.of(stats.sent),
                stats.prefixesReceived, accepted, c.member == null ? 0 : c.member.advertised, stats.flaps,
                stats.lastError, stats.lastSent(), stats.lastReceived(), stats.lastReason, stats.sentCounts(),
                stats.receivedCounts(), listenRange);
    }

    List<Connection> connections() {
        return second == null ? List.of(primary) : List.of(primary, second);
    }

    private void error(String text) {
        stats.error(text);
    }

}
