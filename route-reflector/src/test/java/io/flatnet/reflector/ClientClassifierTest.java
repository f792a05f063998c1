package io.flatnet.reflector;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerType;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientClassifierTest {
    private static final RouterId CLUSTER = RouterId.parse("244.0.0.1");
    private static final ClientClassifier REFLECTOR = ClientClassifier.reflector(CLUSTER);

    @Test
    void iBgpPeersOfAReflectorAreClients() {
        assertThat(REFLECTOR.isClient(PeerType.IBGP, Optional.empty())).isTrue();
    }

    @Test
    void reflectorsOfTheSameClusterAreNotClients() {
        assertThat(REFLECTOR.isClient(PeerType.IBGP, Optional.of(CLUSTER))).isFalse();
    }

    @Test
    void reflectorsOfAnotherClusterAreClients() {
        assertThat(REFLECTOR.isClient(PeerType.IBGP, Optional.of(RouterId.parse("244.0.0.2")))).isTrue();
    }

    @Test
    void eBgpPeersAreNeverClients() {
        assertThat(REFLECTOR.isClient(PeerType.EBGP, Optional.empty())).isFalse();
    }

    @Test
    void aNodeWithoutClusterIdHasNoClients() {
        ClientClassifier plain = ClientClassifier.notAReflector();
        assertThat(plain.isReflector()).isFalse();
        assertThat(plain.isClient(PeerType.IBGP, Optional.empty())).isFalse();
        assertThat(plain.isClient(PeerType.IBGP, Optional.of(CLUSTER))).isFalse();
    }
}
