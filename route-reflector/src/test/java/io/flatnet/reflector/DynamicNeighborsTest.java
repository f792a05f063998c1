package io.flatnet.reflector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.model.RouterId;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.bgp.session.ListenRange;
import io.flatnet.bgp.session.PeerConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DynamicNeighborsTest {
    private static final Asn AS = Asn.of(64512);
    private static final PeerTemplate NODES = PeerTemplate.clients("nodes", IpPrefix.parse("10.0.0.0/16"), AS);
    private static final PeerTemplate RACK7 = PeerTemplate.clients("rack7", IpPrefix.parse("10.0.7.0/24"), AS);
    private static final PeerTemplate V6_NODES = PeerTemplate.clients("nodes-v6", IpPrefix.parse("fd00:1::/64"), AS);
    private static final DynamicNeighbors NEIGHBORS = DynamicNeighbors.of(NODES, RACK7, V6_NODES);

    @Test
    void anAddressInsideARangeGetsItsTemplate() {
        Optional<PeerTemplate> t = NEIGHBORS.matches(IpAddress.parse("10.0.3.4"));
        assertThat(t).hasValue(NODES);
        assertThat(t.get().reflectorClient()).isTrue();
        assertThat(t.get().peerAs()).isEqualTo(AS);
        assertThat(t.get().policy()).isEqualTo(PeerPolicy.defaults());
    }

    @Test
    void theMostSpecificRangeWins() {
        assertThat(NEIGHBORS.matches(IpAddress.parse("10.0.7.9"))).hasValue(RACK7);
        assertThat(DynamicNeighbors.of(RACK7, NODES).matches(IpAddress.parse("10.0.7.9"))).hasValue(RACK7);
    }

    @Test
    void equallySpecificRangesGoToTheFirstListed() {
        PeerTemplate other = PeerTemplate.clients("other", IpPrefix.parse("10.0.0.0/16"), AS);
        assertThat(DynamicNeighbors.of(NODES, other).matches(IpAddress.parse("10.0.1.1"))).hasValue(NODES);
    }

    @Test
    void addressesOutsideEveryRangeAreRefused() {
        assertThat(NEIGHBORS.matches(IpAddress.parse("10.1.0.1"))).isEmpty();
        assertThat(NEIGHBORS.matches(IpAddress.parse("192.0.2.1"))).isEmpty();
        assertThat(DynamicNeighbors.NONE.matches(IpAddress.parse("10.0.0.1"))).isEmpty();
    }

    @Test
    void ipv6RangesMatchIpv6AddressesOnly() {
        assertThat(NEIGHBORS.matches(IpAddress.parse("fd00:1::1234"))).hasValue(V6_NODES);
        assertThat(NEIGHBORS.matches(IpAddress.parse("fd00:2::1"))).isEmpty();
        assertThat(DynamicNeighbors.of(PeerTemplate.clients("all", IpPrefix.parse("0.0.0.0/0"), AS))
                .matches(IpAddress.parse("::1"))).isEmpty();
    }

    @Test
    void eachTemplateBecomesAListenRangeOfReflectorClients() {
        List<ListenRange> ranges = NEIGHBORS.listenRanges();
        assertThat(ranges).extracting(ListenRange::name).containsExactly("nodes", "rack7", "nodes-v6");
        PeerConfig peer = ranges.get(1).peerFor(IpAddress.parse("10.0.7.9"));
        assertThat(peer.address()).isEqualTo(IpAddress.parse("10.0.7.9"));
        assertThat(peer.remoteAsn()).isEqualTo(AS);
        assertThat(peer.passive()).isTrue();
        assertThat(peer.reflectorClient()).isTrue();
        assertThat(peer.policy()).isEqualTo(PeerPolicy.defaults());
        assertThat(ranges.get(1).prefixes()).containsExactly(IpPrefix.parse("10.0.7.0/24"));
    }

    @Test
    void rangeNamesAreUnique() {
        assertThatThrownBy(() -> DynamicNeighbors.of(NODES, PeerTemplate.clients("nodes", IpPrefix.parse("10.9.0.0/16"), AS)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodes");
    }

    @Test
    void standaloneModeReflectsAndInstallsNothing() {
        StandaloneReflector mode = new StandaloneReflector(RouterId.parse("244.0.0.1"), NEIGHBORS);
        assertThat(mode.installsRoutes()).isFalse();
        assertThat(mode.rules().clusterId()).isEqualTo(RouterId.parse("244.0.0.1"));
    }
}
