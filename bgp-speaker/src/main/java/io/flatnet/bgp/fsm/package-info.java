/**
 * The BGP-4 finite state machine as a pure function, for one connection to one peer.
 *
 * <p>{@link io.flatnet.bgp.fsm.PeerFsm#step} takes an immutable {@link io.flatnet.bgp.fsm.FsmState}
 * and an {@link io.flatnet.bgp.fsm.FsmEvent} and returns a {@link io.flatnet.bgp.fsm.Transition}:
 * the next state, the {@link io.flatnet.bgp.fsm.FsmAction}s to run in order (connect, send,
 * arm or cancel timers, close, report the session up or down) and a reason for the log. The
 * package reads no clock, owns no timer or socket and starts no thread; the {@code session}
 * package drives it, runs the actions and turns timer expiries back into events, so tests can
 * drive it with frozen, advanced time.
 *
 * <p>It covers RFC 4271 §8 (the state machine; hold time negotiation of §4.2 and §10; the
 * optional IdleHoldTimer, here an exponential restart backoff, {@link
 * io.flatnet.bgp.fsm.ConnectRetryBackoff}), RFC 6608 (FSM error subcodes), RFC 9687 (the
 * SendHoldTimer) and RFC 4271 §6.8 connection collision resolution, with the RFC 6286 §2.3
 * tie-break, in {@link io.flatnet.bgp.fsm.ConnectionCollision}. It depends on the JDK and the model's value types only.
 */
package io.flatnet.bgp.fsm;
