package io.flatnet.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.policy.PeerPolicy;
import io.flatnet.reflector.PeerTemplate;
import org.junit.jupiter.api.Test;

class ListenRangeSpecTest {
    private static final Asn LOCAL = Asn.of(64512);

    @Test
    void aBareCidrIsAnIbgpRangeNamedAfterItself() {
        PeerTemplate t = ListenRangeSpec.parse("100.64.0.0/16", LOCAL, false);
        assertThat(t.range()).isEqualTo(IpPrefix.parse("100.64.0.0/16"));
        assertThat(t.name()).isEqualTo("100.64.0.0/16");
        assertThat(t.peerAs()).isEqualTo(LOCAL);
        assertThat(t.policy()).isEqualTo(PeerPolicy.none());
        assertThat(t.reflectorClient()).isFalse();
    }

    @Test
    void readsEverySetting() {
        PeerTemplate t = ListenRangeSpec.parse("fd00:64::/48,as=65001,name=racks,policy=defaults", LOCAL, false);
        assertThat(t.range()).isEqualTo(IpPrefix.parse("fd00:64::/48"));
        assertThat(t.peerAs()).isEqualTo(Asn.of(65001));
        assertThat(t.name()).isEqualTo("racks");
        assertThat(t.policy()).isEqualTo(PeerPolicy.defaults());
    }

    @Test
    void limitAndMaxPrefixesReachTheListenRange() {
        PeerTemplate t = ListenRangeSpec.parse("100.64.0.0/16,limit=20,max-prefixes=500", LOCAL, false);
        assertThat(t.listenRange().limit()).isEqualTo(20);
        assertThat(t.listenRange().template().maxPrefixes()).isEqualTo(500);
        PeerTemplate defaults = ListenRangeSpec.parse("100.64.0.0/16", LOCAL, false);
        assertThat(defaults.listenRange().limit()).isEqualTo(100);
        assertThat(defaults.listenRange().template().maxPrefixes()).isZero();
    }

    @Test
    void underAStandaloneReflectorIbgpPeersAreClientsAndEbgpPeersAreNot() {
        assertThat(ListenRangeSpec.parse("100.64.0.0/16", LOCAL, true).reflectorClient()).isTrue();
        assertThat(ListenRangeSpec.parse("100.64.0.0/16,as=65001", LOCAL, true).reflectorClient()).isFalse();
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> ListenRangeSpec.parse("nodes", LOCAL, false))
                .hasMessage("--listen-range nodes: 'nodes' is not a CIDR; the value starts with the range, e.g. 10.0.0.0/16");
        assertThatThrownBy(() -> ListenRangeSpec.parse("10.0.0.0/8,passive", LOCAL, false))
                .hasMessage("--listen-range 10.0.0.0/8,passive: unknown setting 'passive'; known: as, name, policy, limit,"
                        + " max-prefixes");
        assertThatThrownBy(() -> ListenRangeSpec.parse("10.0.0.0/8,limit=0", LOCAL, false))
                .hasMessage("--listen-range 10.0.0.0/8,limit=0: limit must be at least 1");
        assertThatThrownBy(() -> ListenRangeSpec.parse("10.0.0.0/8,limit=many", LOCAL, false))
                .hasMessage("--listen-range 10.0.0.0/8,limit=many: 'limit=many' needs a number after '='");
        assertThatThrownBy(() -> ListenRangeSpec.parse("10.0.0.0/8,name=", LOCAL, false))
                .hasMessage("--listen-range 10.0.0.0/8,name=: 'name' needs a value: name=...");
    }
}
