package io.flatnet.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.SessionState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A dynamic neighbour's {@link Peer} at its end, over {@link TcpLikeChannel}s with frozen time. */
class DynamicPeerLifecycleTest extends SessionTestSupport {

    @Test
    void aConnectionThatReachesAnEndedDynamicPeerGoesBackToTheSpeakerOpen() {
        ch = newChannel();
        peer = new Peer(config().build(), env, ch.eventLoop(), Optional.of("spokes"));
        peer.start();
        peer.accept(ch);
        assertThat(state()).isEqualTo(SessionState.OPEN_SENT);

        ch.close(); // the far end went away: the dynamic peer ends
        ch.runPendingTasks();
        assertThat(env.dynamicPeersEnded).containsExactly(peer);

        // The listener chose this peer just before it ended; the connection must not be lost.
        TcpLikeChannel late = newChannel();
        peer.accept(late);
        assertThat(env.acceptedAgain).containsExactly(late);
        assertThat(late.isOpen()).isTrue();
        assertThat(out(late)).isEmpty(); // no OPEN from the ended peer
    }

    @Test
    void aConfiguredPeerStillRefusesConnectionsOnceStopped() {
        ch = newChannel();
        peer = new Peer(config().build(), env, ch.eventLoop());
        peer.start();
        peer.stop(null, true);
        ch.runPendingTasks();
        peer.accept(ch);
        assertThat(env.acceptedAgain).isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }
}
