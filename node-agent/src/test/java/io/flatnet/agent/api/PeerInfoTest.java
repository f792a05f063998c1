package io.flatnet.agent.api;

import static io.flatnet.agent.api.ReadinessTest.peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.fsm.SessionState;
import org.junit.jupiter.api.Test;

class PeerInfoTest {

    @Test
    void establishedSaysSo() {
        assertThat(PeerInfo.of(peer("10.0.0.1", SessionState.ESTABLISHED, "hold timer expired")))
                .isEqualTo("Established");
    }

    @Test
    void aStateWithoutErrorIsJustTheState() {
        assertThat(PeerInfo.of(peer("10.0.0.1", SessionState.OPEN_CONFIRM, ""))).isEqualTo("OpenConfirm");
    }

    @Test
    void socketErrorsLoseTheirExceptionNamesAndAddresses() {
        assertThat(PeerInfo.of(peer("10.0.0.1", SessionState.ACTIVE, "connect failed: io.netty.channel."
                + "AbstractChannel$AnnotatedConnectException: Connection refused: /10.0.0.1:179")))
                .isEqualTo("Active Socket: Connection refused");
        assertThat(PeerInfo.of(peer("10.0.0.1", SessionState.IDLE, "connect failed: io.netty.channel.AbstractChannel"
                + "$AnnotatedConnectException: finishConnect(..) failed with error(-111): Connection refused:"
                + " /10.0.0.1:179"))).isEqualTo("Idle Socket: Connection refused");
        assertThat(PeerInfo.of(peer("fd00::1", SessionState.IDLE, "I/O error: java.net.SocketException:"
                + " Connection reset"))).isEqualTo("Idle Socket: Connection reset");
        assertThat(PeerInfo.of(peer("fd00::1", SessionState.CONNECT, "connect failed: io.netty.channel."
                + "ConnectTimeoutException: connection timed out after 30000 ms: /[fd00::1]:179")))
                .isEqualTo("Connect Socket: connection timed out after 30000 ms");
    }

    @Test
    void notificationsAndOtherErrorsAreNamed() {
        assertThat(PeerInfo.of(peer("10.0.0.1", SessionState.IDLE,
                "NOTIFICATION received: 6/2 administrative shutdown \"maintenance\"")))
                .isEqualTo("Idle Received: 6/2 administrative shutdown \"maintenance\"");
        assertThat(PeerInfo.of(peer("10.0.0.1", SessionState.IDLE, "hold timer expired")))
                .isEqualTo("Idle hold timer expired");
    }
}
