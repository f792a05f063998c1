package io.flatnet.bgp.fsm;

import io.flatnet.bgp.fsm.FsmAction.StartTimer;
import io.flatnet.bgp.fsm.FsmAction.StopTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stand-in for the session with frozen time: keeps the armed timers with their deadlines,
 * advances a fake clock and fires due timers into the FSM in deadline order (ties in arming
 * order). Optional reactions play the network or the peer, e.g. "every ConnectTcp fails".
 */
final class FsmTimeline {

    /** One step: when, what came in, what the FSM answered. */
    record Entry(Duration at, FsmEvent event, Transition transition) {}

    private record Armed(TimerKind kind, Duration deadline, long order) {}

    private static final int MAX_STEPS = 100_000;

    private final PeerFsm fsm;
    private final Map<TimerKind, Armed> armed = new EnumMap<>(TimerKind.class);
    private final Map<Class<? extends FsmAction>, FsmEvent> reactions = new HashMap<>();
    private final List<Entry> history = new ArrayList<>();
    private FsmState state = FsmState.initial();
    private Duration now = Duration.ZERO;
    private long armings;

    FsmTimeline(PeerFsm fsm) {
        this.fsm = fsm;
    }

    /** Whenever the FSM emits an action of {@code type}, feed {@code response} right after. */
    FsmTimeline reactTo(Class<? extends FsmAction> type, FsmEvent response) {
        reactions.put(type, response);
        return this;
    }

    Transition feed(FsmEvent event) {
        if (history.size() >= MAX_STEPS) {
            throw new IllegalStateException("runaway timeline: " + MAX_STEPS + " steps");
        }
        Transition t = fsm.step(state, event);
        history.add(new Entry(now, event, t));
        state = t.state();
        List<FsmEvent> responses = new ArrayList<>();
        for (FsmAction action : t.actions()) {
            switch (action) {
                case StartTimer start -> armed.put(start.kind(), new Armed(start.kind(), now.plus(start.delay()), armings++));
                case StopTimer stop -> armed.remove(stop.kind());
                default -> {
                    FsmEvent response = reactions.get(action.getClass());
                    if (response != null) {
                        responses.add(response);
                    }
                }
            }
        }
        responses.forEach(this::feed);
        return t;
    }

    void advance(Duration by) {
        advanceTo(now.plus(by));
    }

    void advanceTo(Duration target) {
        while (true) {
            Optional<Armed> due = armed.values().stream()
                    .filter(a -> a.deadline().compareTo(target) <= 0)
                    .min(Comparator.comparing(Armed::deadline).thenComparingLong(Armed::order));
            if (due.isEmpty()) {
                break;
            }
            now = due.get().deadline();
            armed.remove(due.get().kind());
            feed(FsmEvent.timerExpired(due.get().kind()));
        }
        now = target;
    }

    FsmState state() {
        return state;
    }

    Duration now() {
        return now;
    }

    /** The deadlines of the timers armed now. */
    Map<TimerKind, Duration> armedTimers() {
        Map<TimerKind, Duration> deadlines = new EnumMap<>(TimerKind.class);
        armed.values().forEach(a -> deadlines.put(a.kind(), a.deadline()));
        return deadlines;
    }

    /** When each action equal to {@code action} was emitted. */
    List<Duration> timesOf(FsmAction action) {
        return history.stream()
                .flatMap(e -> e.transition().actions().stream().filter(action::equals).map(_ -> e.at()))
                .toList();
    }

    /** When each action of {@code type} was emitted. */
    List<Duration> timesOf(Class<? extends FsmAction> type) {
        return history.stream()
                .flatMap(e -> e.transition().actions().stream().filter(type::isInstance).map(_ -> e.at()))
                .toList();
    }

    List<Entry> history() {
        return List.copyOf(history);
    }
}
