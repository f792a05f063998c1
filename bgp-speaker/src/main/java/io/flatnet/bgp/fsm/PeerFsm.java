package io.flatnet.bgp.fsm;

import static io.flatnet.bgp.fsm.SessionState.ACTIVE;
import static io.flatnet.bgp.fsm.SessionState.CONNECT;
import static io.flatnet.bgp.fsm.SessionState.ESTABLISHED;
import static io.flatnet.bgp.fsm.SessionState.IDLE;
import static io.flatnet.bgp.fsm.SessionState.OPEN_CONFIRM;
import static io.flatnet.bgp.fsm.SessionState.OPEN_SENT;

import io.flatnet.bgp.fsm.FsmAction.CloseConnection;
import io.flatnet.bgp.fsm.FsmAction.ConnectTcp;
import io.flatnet.bgp.fsm.FsmAction.ProcessRouteRefresh;
import io.flatnet.bgp.fsm.FsmAction.ProcessUpdate;
import io.flatnet.bgp.fsm.FsmAction.SendKeepalive;
import io.flatnet.bgp.fsm.FsmAction.SendNotification;
import io.flatnet.bgp.fsm.FsmAction.SendOpen;
import io.flatnet.bgp.fsm.FsmAction.SessionDown;
import io.flatnet.bgp.fsm.FsmAction.SessionEstablished;
import io.flatnet.bgp.fsm.FsmAction.StartTimer;
import io.flatnet.bgp.fsm.FsmAction.StopTimer;
import io.flatnet.bgp.fsm.FsmEvent.AutomaticStart;
import io.flatnet.bgp.fsm.FsmEvent.AutomaticStartPassive;
import io.flatnet.bgp.fsm.FsmEvent.CollisionWon;
import io.flatnet.bgp.fsm.FsmEvent.ConnectRetryTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.HeaderError;
import io.flatnet.bgp.fsm.FsmEvent.HoldTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.IdleHoldTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.KeepaliveReceived;
import io.flatnet.bgp.fsm.FsmEvent.KeepaliveTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.ManualStart;
import io.flatnet.bgp.fsm.FsmEvent.ManualStartPassive;
import io.flatnet.bgp.fsm.FsmEvent.ManualStop;
import io.flatnet.bgp.fsm.FsmEvent.MessageError;
import io.flatnet.bgp.fsm.FsmEvent.NotificationReceived;
import io.flatnet.bgp.fsm.FsmEvent.OpenCollisionDump;
import io.flatnet.bgp.fsm.FsmEvent.OpenMessageError;
import io.flatnet.bgp.fsm.FsmEvent.OpenReceived;
import io.flatnet.bgp.fsm.FsmEvent.RouteRefreshReceived;
import io.flatnet.bgp.fsm.FsmEvent.SendHoldTimerExpired;
import io.flatnet.bgp.fsm.FsmEvent.SendProgress;
import io.flatnet.bgp.fsm.FsmEvent.TcpConnectionConfirmed;
import io.flatnet.bgp.fsm.FsmEvent.TcpConnectionFails;
import io.flatnet.bgp.fsm.FsmEvent.TcpCrAcked;
import io.flatnet.bgp.fsm.FsmEvent.UpdateMessageError;
import io.flatnet.bgp.fsm.FsmEvent.UpdateReceived;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The RFC 4271 §8.2.2 state machine for one connection to one peer, as a function:
 * {@link #step(FsmState, FsmEvent)} maps a state and an event to a {@link Transition}. It
 * reads no clock and touches no socket; the driver owns both and runs the returned actions.
 *
 * <p>Where flatnet departs from the RFC text, on purpose:
 * <ul>
 *   <li>Every failure goes to IDLE and restarts through the IDLE_HOLD timer with exponential
 *       backoff (RFC 4271's optional DampPeerOscillations), instead of falling back to ACTIVE.
 *   <li>ACTIVE is where a passive peer waits; passive peers never connect out.
 *   <li>A NOTIFICATION received is never answered with another one.
 *   <li>Collision detection lives in the driver with {@link ConnectionCollision}; the FSM
 *       leaves a second connection alone and the driver tracks it with
 *       {@link #trackSecondConnection(FsmState)}.
 * </ul>
 *
 * <p>The switch over events in {@link #step} has no default branch on purpose: a new event type
 * does not compile until its handling in every state has been decided.
 */
public final class PeerFsm {

    private final FsmConfig config;
    private final RandomGenerator jitter;

    /** An FSM whose restart delays are exactly the backoff's, for reproducible behaviour. */
    public PeerFsm(FsmConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.jitter = null;
    }

    /**
     * An FSM that scales connect-retry and restart delays by a random factor in [0.75, 1)
     * drawn from {@code jitter} (RFC 4271 §10). The generator is used on the caller's thread.
     */
    public PeerFsm(FsmConfig config, RandomGenerator jitter) {
        this.config = Objects.requireNonNull(config, "config");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
    }

    public FsmConfig config() {
        return config;
    }

    /** Applies {@code event} to {@code current}. Never throws for an event that is merely unexpected. */
    public Transition step(FsmState current, FsmEvent event) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(event, "event");
        SessionState state = current.state();
        return switch (event) {
            case ManualStart _ -> start(current, event, false, true);
            case ManualStartPassive _ -> start(current, event, true, true);
            case AutomaticStart _ -> start(current, event, false, false);
            case AutomaticStartPassive _ -> start(current, event, true, false);
            case IdleHoldTimerExpired _ -> idleHoldExpired(current, event);
            case ManualStop _ -> manualStop(current);
            case ConnectRetryTimerExpired _ -> connectRetryExpired(current, event);
            case HoldTimerExpired _ -> openWentOut(state)
                    ? drop(current, "hold timer expired",
                            new SendNotification(FsmErrors.HOLD_TIMER_EXPIRED, 0), After.RETRY)
                    : unexpected(current, event);
            case KeepaliveTimerExpired _ -> keepaliveTimerExpired(current, event);
            case SendHoldTimerExpired _ -> state == ESTABLISHED
                    ? drop(current, "send hold timer expired: the peer is not reading (RFC 9687)",
                            new SendNotification(FsmErrors.SEND_HOLD_TIMER_EXPIRED, 0), After.RETRY)
                    : unexpected(current, event);
            case TcpCrAcked _ -> connected(current, "outbound connection established");
            case TcpConnectionConfirmed _ -> connected(current, "inbound connection accepted");
            case TcpConnectionFails _ -> state == IDLE
                    ? ignore(current, "TCP failure while idle")
                    : drop(current, "TCP connection failed", null, After.RETRY);
            case OpenReceived open -> state == OPEN_SENT ? openReceived(current, open) : unexpected(current, event);
            case UpdateMessageError error -> state == ESTABLISHED
                    ? messageError(current, error, "UPDATE message error")
                    : unexpected(current, event);
            case HeaderError error -> openWentOut(state)
                    ? messageError(current, error, "message header error")
                    : unexpected(current, event);
            case OpenMessageError error -> openWentOut(state)
                    ? messageError(current, error, "OPEN message error")
                    : unexpected(current, event);
            case NotificationReceived n -> state == IDLE
                    ? ignore(current, "NOTIFICATION while idle")
                    // Answering a NOTIFICATION with one would be pointless: the peer is already closing.
                    : drop(current, "NOTIFICATION received " + n.code() + "/" + n.subcode(), null, After.RETRY);
            case KeepaliveReceived _ -> switch (state) {
                case OPEN_CONFIRM -> established(current);
                case ESTABLISHED -> alive(current, "KEEPALIVE received", List.of());
                default -> unexpected(current, event);
            };
            case UpdateReceived _ -> state == ESTABLISHED
                    ? alive(current, "UPDATE received", List.of(new ProcessUpdate()))
                    : unexpected(current, event);
            case RouteRefreshReceived _ -> state == ESTABLISHED
                    ? alive(current, "ROUTE-REFRESH received", List.of(new ProcessRouteRefresh()))
                    : unexpected(current, event);
            case OpenCollisionDump _ -> collisionDump(current);
            case SendProgress _ -> sendProgress(current);
            case CollisionWon _ ->
                    new Transition(current.promoted(), List.of(), "connection kept by collision resolution");
        };
    }

    /**
     * The FSM for a second connection to a peer whose primary FSM {@code primary} is already past
     * ACTIVE (RFC 4271 §6.8: "a second TCP connection may be in progress"). It starts in
     * OPEN_SENT, having sent our OPEN, and runs until collision resolution decides; the driver
     * keys its timers apart from the primary's.
     */
    public Transition trackSecondConnection(FsmState primary) {
        if (!openWentOut(primary.state()) || primary.secondConnection()) {
            throw new IllegalArgumentException(
                    "a second connection is tracked only beside a primary past ACTIVE, not " + primary);
        }
        FsmState second = new FsmState(OPEN_SENT, primary.started(), primary.passive(),
                primary.connectRetryCounter(), Optional.empty(), true);
        return new Transition(
                second,
                List.of(new SendOpen(), new StartTimer(TimerKind.HOLD, config.openSentHoldTime())),
                "second connection tracked for collision detection; OPEN sent");
    }

    // --- starting and stopping ---

    private Transition start(FsmState s, FsmEvent event, boolean passiveRequested, boolean manual) {
        if (s.state() != IDLE) {
            return ignore(s, name(event) + " while already " + s.state());
        }
        // A manual start begins afresh (RFC 4271 zeroes ConnectRetryCounter); an automatic one keeps backing off.
        int counter = manual ? 0 : s.connectRetryCounter();
        List<FsmAction> actions = new ArrayList<>();
        if (s.started()) {
            actions.add(new StopTimer(TimerKind.IDLE_HOLD)); // this start supersedes a pending restart
        }
        return begin(s, passiveRequested || config.passive(), counter, actions, name(event));
    }

    private Transition idleHoldExpired(FsmState s, FsmEvent event) {
        if (s.state() != IDLE) {
            return unexpected(s, event);
        }
        if (!s.started() || s.secondConnection()) {
            return ignore(s, "idle hold timer expired, but no restart is pending");
        }
        return begin(s, s.passive(), s.connectRetryCounter(), new ArrayList<>(),
                "automatic restart after idle hold");
    }

    private Transition begin(FsmState s, boolean passive, int counter, List<FsmAction> actions, String why) {
        if (passive) {
            FsmState next = new FsmState(ACTIVE, true, true, counter, Optional.empty(), s.secondConnection());
            return new Transition(next, actions, why + ": waiting for the peer to connect");
        }
        actions.add(new StartTimer(TimerKind.CONNECT_RETRY, retryDelay(counter)));
        actions.add(new ConnectTcp());
        FsmState next = new FsmState(CONNECT, true, false, counter, Optional.empty(), s.secondConnection());
        return new Transition(next, actions, why + ": connecting");
    }

    private Transition manualStop(FsmState s) {
        if (s.state() == IDLE) {
            if (!s.started()) {
                return ignore(s, "ManualStop while already stopped");
            }
            FsmState next = new FsmState(IDLE, false, s.passive(), 0, Optional.empty(), s.secondConnection());
            return new Transition(next, List.of(new StopTimer(TimerKind.IDLE_HOLD)),
                    "manual stop: pending restart cancelled");
        }
        SendNotification cease = openWentOut(s.state())
                ? new SendNotification(FsmErrors.CEASE, FsmErrors.CEASE_ADMINISTRATIVE_SHUTDOWN)
                : null;
        return drop(s, "manual stop", cease, After.STOP);
    }

    private Transition collisionDump(FsmState s) {
        if (s.state() == IDLE) {
            return ignore(s, "collision dump while idle");
        }
        SendNotification cease = openWentOut(s.state())
                ? new SendNotification(FsmErrors.CEASE, FsmErrors.CEASE_CONNECTION_COLLISION_RESOLUTION)
                : null;
        return drop(s, "connection collision: closing this connection", cease, After.DUMP);
    }

    // --- connecting ---

    private Transition connectRetryExpired(FsmState s, FsmEvent event) {
        return switch (s.state()) {
            case CONNECT -> {
                // The attempt hung: abort it and try again. It counts as a failure, so that a
                // silent peer is probed less and less often.
                int counter = s.connectRetryCounter() + 1;
                yield new Transition(
                        s.withCounter(counter),
                        List.of(new CloseConnection(),
                                new StartTimer(TimerKind.CONNECT_RETRY, retryDelay(counter)),
                                new ConnectTcp()),
                        "connect retry timer expired: connecting again");
            }
            case ACTIVE -> ignore(s, "connect retry timer expired, but passive peers do not connect");
            default -> unexpected(s, event);
        };
    }

    private Transition connected(FsmState s, String why) {
        return switch (s.state()) {
            case IDLE -> new Transition(s, List.of(new CloseConnection()), why + " while idle: refused");
            case CONNECT, ACTIVE -> {
                List<FsmAction> actions = new ArrayList<>();
                for (TimerKind timer : runningTimers(s)) {
                    actions.add(new StopTimer(timer));
                }
                actions.add(new SendOpen());
                actions.add(new StartTimer(TimerKind.HOLD, config.openSentHoldTime()));
                yield new Transition(s.withState(OPEN_SENT, Optional.empty()), actions, why + ": OPEN sent");
            }
            default -> ignore(s, why + " in " + s.state()
                    + ": a second connection, for collision detection to track");
        };
    }

    // --- the OPEN exchange ---

    private Transition openReceived(FsmState s, OpenReceived open) {
        if (!Negotiated.acceptableHoldTime(open.holdTimeSeconds())) {
            return drop(s, "unacceptable hold time " + open.holdTimeSeconds() + " s in OPEN",
                    new SendNotification(FsmErrors.OPEN_MESSAGE_ERROR, FsmErrors.UNACCEPTABLE_HOLD_TIME),
                    After.RETRY);
        }
        Negotiated n = Negotiated.of(config.holdTime(), open);
        List<FsmAction> actions = new ArrayList<>();
        actions.add(new SendKeepalive());
        if (n.timersEnabled()) {
            actions.add(new StartTimer(TimerKind.KEEPALIVE, n.keepaliveTime()));
            actions.add(new StartTimer(TimerKind.HOLD, n.holdTime()));
        } else {
            actions.add(new StopTimer(TimerKind.HOLD));
        }
        return new Transition(s.withState(OPEN_CONFIRM, Optional.of(n)), actions,
                "OPEN received from AS" + open.asn() + ", BGP identifier " + dottedQuad(open.bgpIdentifier())
                        + "; hold time " + n.holdTime().toSeconds() + " s");
    }

    private Transition established(FsmState s) {
        Negotiated n = s.negotiated().orElseThrow();
        List<FsmAction> actions = new ArrayList<>();
        if (n.timersEnabled()) {
            actions.add(new StartTimer(TimerKind.HOLD, n.holdTime()));
            actions.add(new StartTimer(TimerKind.SEND_HOLD, config.sendHoldTime(n.holdTime())));
        }
        actions.add(new SessionEstablished(n.holdTime(), n.keepaliveTime()));
        // The session proved itself: the next failure restarts after the initial delay again.
        FsmState next = new FsmState(ESTABLISHED, s.started(), s.passive(), 0, s.negotiated(), s.secondConnection());
        return new Transition(next, actions, "KEEPALIVE received: session established");
    }

    // --- keeping the session alive ---

    private Transition keepaliveTimerExpired(FsmState s, FsmEvent event) {
        Optional<Negotiated> n = s.negotiated().filter(Negotiated::timersEnabled);
        if (n.isEmpty()) {
            return unexpected(s, event);
        }
        return new Transition(s,
                List.of(new SendKeepalive(), new StartTimer(TimerKind.KEEPALIVE, n.get().keepaliveTime())),
                "keepalive timer expired: KEEPALIVE sent");
    }

    /** The peer sent something in ESTABLISHED: restart the hold timer, then {@code then}. */
    private Transition alive(FsmState s, String why, List<FsmAction> then) {
        Negotiated n = s.negotiated().orElseThrow();
        if (!n.timersEnabled()) {
            return new Transition(s, then, why);
        }
        List<FsmAction> actions = new ArrayList<>();
        actions.add(new StartTimer(TimerKind.HOLD, n.holdTime()));
        actions.addAll(then);
        return new Transition(s, actions, why);
    }

    private Transition sendProgress(FsmState s) {
        Optional<Negotiated> n = s.negotiated().filter(Negotiated::timersEnabled);
        if (s.state() != ESTABLISHED || n.isEmpty()) {
            return ignore(s, "send progress: no send hold timer running");
        }
        return new Transition(s,
                List.of(new StartTimer(TimerKind.SEND_HOLD, config.sendHoldTime(n.get().holdTime()))),
                "send progress: send hold timer restarted");
    }

    // --- errors and teardown ---

    private Transition messageError(FsmState s, MessageError error, String what) {
        return drop(s, what + " " + error.code() + "/" + error.subcode(),
                new SendNotification(error.code(), error.subcode(), error.data()), After.RETRY);
    }

    /**
     * RFC 4271 §8.2.2 "in response to any other event": before the OPEN went out the connection
     * is just dropped; after it, the peer learns why through an RFC 6608 FSM error.
     */
    private Transition unexpected(FsmState s, FsmEvent event) {
        String why = "unexpected " + name(event) + " in " + s.state();
        return switch (s.state()) {
            case IDLE -> ignore(s, name(event) + " ignored while idle");
            case CONNECT, ACTIVE -> drop(s, why, null, After.RETRY);
            case OPEN_SENT -> drop(s, why, fsmError(FsmErrors.FSM_UNEXPECTED_IN_OPEN_SENT), After.RETRY);
            case OPEN_CONFIRM -> drop(s, why, fsmError(FsmErrors.FSM_UNEXPECTED_IN_OPEN_CONFIRM), After.RETRY);
            case ESTABLISHED -> drop(s, why, fsmError(FsmErrors.FSM_UNEXPECTED_IN_ESTABLISHED), After.RETRY);
        };
    }

    /** What follows a drop to IDLE. */
    private enum After {
        /** A failure: count it and restart after the backoff. */
        RETRY,
        /** The operator stopped the peer: forget the failures, stay down. */
        STOP,
        /** Collision resolution closed this connection; the peer lives on over the other one. */
        DUMP
    }

    private Transition drop(FsmState s, String why, SendNotification notification, After after) {
        List<FsmAction> actions = new ArrayList<>();
        if (notification != null) {
            actions.add(notification);
        }
        if (s.state() != ACTIVE) { // ACTIVE is the one non-idle state without a connection or attempt
            actions.add(new CloseConnection());
        }
        for (TimerKind timer : runningTimers(s)) {
            actions.add(new StopTimer(timer));
        }
        if (s.state() == ESTABLISHED) {
            actions.add(new SessionDown(why));
        }
        int counter = switch (after) {
            case RETRY -> s.connectRetryCounter() + 1;
            case STOP -> 0;
            case DUMP -> s.connectRetryCounter();
        };
        boolean started = s.started() && after != After.STOP;
        if (after == After.RETRY && started && !s.secondConnection()) {
            actions.add(new StartTimer(TimerKind.IDLE_HOLD, retryDelay(counter)));
        }
        FsmState next = new FsmState(IDLE, started, s.passive(), counter, Optional.empty(), s.secondConnection());
        return new Transition(next, actions, why);
    }

    /** The timers this FSM has armed in state {@code s}, so a drop can cancel exactly those. */
    private static List<TimerKind> runningTimers(FsmState s) {
        boolean timers = s.negotiated().map(Negotiated::timersEnabled).orElse(false);
        return switch (s.state()) {
            case IDLE -> List.of();
            case CONNECT -> List.of(TimerKind.CONNECT_RETRY);
            case ACTIVE -> List.of(); // passive peers never retry
            case OPEN_SENT -> List.of(TimerKind.HOLD);
            case OPEN_CONFIRM -> timers ? List.of(TimerKind.HOLD, TimerKind.KEEPALIVE) : List.of();
            case ESTABLISHED -> timers
                    ? List.of(TimerKind.HOLD, TimerKind.KEEPALIVE, TimerKind.SEND_HOLD)
                    : List.of();
        };
    }

    /** From OPEN_SENT on, the peer has our OPEN and can be told why with a NOTIFICATION. */
    private static boolean openWentOut(SessionState state) {
        return state.compareTo(OPEN_SENT) >= 0;
    }

    private Duration retryDelay(int failures) {
        return jitter == null ? config.backoff().delay(failures) : config.backoff().delay(failures, jitter);
    }

    private static SendNotification fsmError(int subcode) {
        return new SendNotification(FsmErrors.FSM_ERROR, subcode);
    }

    private static Transition ignore(FsmState s, String why) {
        return new Transition(s, List.of(), why);
    }

    private static String name(FsmEvent event) {
        return event.getClass().getSimpleName();
    }

    private static String dottedQuad(int id) {
        return (id >>> 24) + "." + ((id >>> 16) & 0xFF) + "." + ((id >>> 8) & 0xFF) + "." + (id & 0xFF);
    }
}
