package io.flatnet.bgp.session;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.IpAddress;
import java.time.Instant;

/** A peer's primary connection moved from one FSM state to another. */
public record PeerStateChange(IpAddress peer, SessionState from, SessionState to, String reason, Instant at) {}
