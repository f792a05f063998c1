package io.flatnet.bgp.fsm;

import java.util.List;
import java.util.Objects;

/**
 * The result of one FSM step: the state to keep, the actions to run in order, and why, for
 * the log. An ignored event yields the same state, no actions and a reason saying so.
 */
public record Transition(FsmState state, List<FsmAction> actions, String reason) {

    public Transition {
        Objects.requireNonNull(state, "state");
        actions = List.copyOf(actions);
        Objects.requireNonNull(reason, "reason");
    }

    public SessionState sessionState() {
        return state.state();
    }
}
