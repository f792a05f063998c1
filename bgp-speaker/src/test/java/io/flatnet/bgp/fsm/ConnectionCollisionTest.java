package io.flatnet.bgp.fsm;

import static io.flatnet.bgp.fsm.ConnectionDirection.INBOUND;
import static io.flatnet.bgp.fsm.ConnectionDirection.OUTBOUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConnectionCollisionTest {

    private static final int HIGH = 0xC000_0001; // 192.0.0.1: negative as a signed int
    private static final int LOW = 0x0100_0001; // 1.0.0.1

    @Test
    void theHigherIdentifierKeepsItsOwnConnectionComparedUnsigned() {
        // A signed comparison would rank 192.0.0.1 below 1.0.0.1 and keep the wrong connection.
        assertThat(new ConnectionCollision(HIGH, 65001, LOW, 65002).survivingDirection()).isEqualTo(OUTBOUND);
        assertThat(new ConnectionCollision(LOW, 65001, HIGH, 65002).survivingDirection()).isEqualTo(INBOUND);
        assertThat(new ConnectionCollision(0xFFFF_FFFF, 1, 0x7FFF_FFFF, 1).survivingDirection()).isEqualTo(OUTBOUND);
    }

    @Test
    void weAreHigherSoOurConnectionWins() {
        ConnectionCollision c = new ConnectionCollision(HIGH, 65001, LOW, 65002);

        // Ours waits in OpenConfirm when the peer's OPEN arrives on its own connection: close the peer's.
        assertThat(c.resolve(SessionState.OPEN_CONFIRM, OUTBOUND, INBOUND)).isEqualTo(CollisionVerdict.CLOSE_NEW);
        // The peer's connection is further along, and the OPEN arrives on ours: close the peer's.
        assertThat(c.resolve(SessionState.OPEN_CONFIRM, INBOUND, OUTBOUND)).isEqualTo(CollisionVerdict.CLOSE_EXISTING);
        assertThat(c.resolve(SessionState.OPEN_SENT, INBOUND, OUTBOUND)).isEqualTo(CollisionVerdict.CLOSE_EXISTING);
    }

    @Test
    void thePeerIsHigherSoItsConnectionWins() {
        ConnectionCollision c = new ConnectionCollision(LOW, 65001, HIGH, 65002);

        assertThat(c.resolve(SessionState.OPEN_CONFIRM, OUTBOUND, INBOUND)).isEqualTo(CollisionVerdict.CLOSE_EXISTING);
        assertThat(c.resolve(SessionState.OPEN_SENT, OUTBOUND, INBOUND)).isEqualTo(CollisionVerdict.CLOSE_EXISTING);
        assertThat(c.resolve(SessionState.OPEN_CONFIRM, INBOUND, OUTBOUND)).isEqualTo(CollisionVerdict.CLOSE_NEW);
    }

    @ParameterizedTest
    @EnumSource(ConnectionDirection.class)
    void anEstablishedSessionAlwaysSurvives(ConnectionDirection existing) {
        ConnectionDirection newcomer = existing == OUTBOUND ? INBOUND : OUTBOUND;

        for (ConnectionCollision c : new ConnectionCollision[] {
                new ConnectionCollision(HIGH, 1, LOW, 2), new ConnectionCollision(LOW, 1, HIGH, 2)}) {
            assertThat(c.resolve(SessionState.ESTABLISHED, existing, newcomer)).isEqualTo(CollisionVerdict.CLOSE_NEW);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SessionState.class, names = {"IDLE", "CONNECT", "ACTIVE"})
    void aConnectionNotPastActiveDoesNotCollide(SessionState existingState) {
        ConnectionCollision c = new ConnectionCollision(HIGH, 1, LOW, 2);

        assertThat(c.resolve(existingState, OUTBOUND, INBOUND)).isEqualTo(CollisionVerdict.NO_COLLISION);
    }

    @Test
    void twoConnectionsFromTheSameSideKeepTheNewer() {
        ConnectionCollision c = new ConnectionCollision(HIGH, 1, LOW, 2);

        assertThat(c.resolve(SessionState.OPEN_CONFIRM, INBOUND, INBOUND)).isEqualTo(CollisionVerdict.CLOSE_EXISTING);
    }

    @Test
    void equalIdentifiersFallBackToTheHigherAsNumber() {
        assertThat(new ConnectionCollision(HIGH, 4_200_000_000L, HIGH, 65001).survivingDirection()).isEqualTo(OUTBOUND);
        assertThat(new ConnectionCollision(HIGH, 65001, HIGH, 4_200_000_000L).survivingDirection()).isEqualTo(INBOUND);
    }

    @Test
    void identicalSpeakersCannotBeResolved() {
        assertThatThrownBy(() -> new ConnectionCollision(HIGH, 65001, HIGH, 65001))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
