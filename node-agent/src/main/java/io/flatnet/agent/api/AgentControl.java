package io.flatnet.agent.api;

import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.session.PeerReset;
import java.util.Optional;

/** What the API may ask the agent to do. Methods may block; the API calls them off its event loop. */
public interface AgentControl {

    /**
     * Resets one peer: soft (ROUTE-REFRESH) when the session is up, supports it and {@code hard} is
     * false, otherwise Cease 6/4 carrying {@code message} and a fresh start.
     *
     * @return what was done; empty when no such peer is configured
     */
    Optional<PeerReset> resetPeer(IpAddress address, boolean hard, String message);

    /**
     * Takes the node out of the network for good: Cease 6/2 with {@code message} (RFC 9003) to
     * every peer, which withdraws everything we advertised, and (once kernel routes are wired) the
     * agent's kernel routes removed. The agent keeps running until {@link #exit()}.
     *
     * @return how many peers were told
     */
    int decommission(String message);

    /** Stops the agent process; called after the answer to a decommission request is sent. */
    void exit();
}
