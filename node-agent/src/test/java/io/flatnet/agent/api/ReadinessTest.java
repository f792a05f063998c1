package io.flatnet.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.session.MessageCounters;
import io.flatnet.bgp.session.PeerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadinessTest {
    static final Duration GRACE = Duration.ofSeconds(30);

    static PeerStatus peer(String address, SessionState state, String lastError) {
        return new PeerStatus(IpAddress.parse(address), Asn.of(64512), state, Instant.EPOCH, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, Optional.empty(), MessageCounters.ZERO, MessageCounters.ZERO, 0, 0, 0, 0,
                lastError, Optional.empty(), Optional.empty(), "test");
    }

    @Test
    void notReadyBeforeTheConfigurationIsLoaded() {
        assertThat(Readiness.of(false, List.of(), Duration.ofHours(1), GRACE))
                .isEqualTo(new Readiness(false, "configuration not loaded yet"));
    }

    @Test
    void readyWithNoPeers() {
        assertThat(Readiness.of(true, List.of(), Duration.ZERO, GRACE).ready()).isTrue();
    }

    @Test
    void duringTheGracePeriodEverySessionMustBeUp() {
        List<PeerStatus> peers = List.of(peer("10.0.0.1", SessionState.ESTABLISHED, ""),
                peer("10.0.0.2", SessionState.ACTIVE, ""));
        Readiness r = Readiness.of(true, peers, Duration.ofSeconds(10), GRACE);
        assertThat(r.ready()).isFalse();
        assertThat(r.reason()).isEqualTo("1 of 2 BGP sessions Established; within the 30 s startup grace period every"
                + " session must be Established (up 10 s)");
        assertThat(Readiness.of(true, List.of(peers.getFirst()), Duration.ofSeconds(10), GRACE))
                .isEqualTo(new Readiness(true, "1 of 1 BGP sessions Established"));
    }

    @Test
    void afterTheGracePeriodOneSessionIsEnough() {
        List<PeerStatus> peers = List.of(peer("10.0.0.1", SessionState.ESTABLISHED, ""),
                peer("10.0.0.2", SessionState.ACTIVE, ""));
        assertThat(Readiness.of(true, peers, Duration.ofSeconds(31), GRACE))
                .isEqualTo(new Readiness(true, "1 of 2 BGP sessions Established"));
        assertThat(Readiness.of(true, List.of(peers.get(1)), Duration.ofSeconds(31), GRACE))
                .isEqualTo(new Readiness(false, "no BGP session Established (0 of 1)"));
    }
}
