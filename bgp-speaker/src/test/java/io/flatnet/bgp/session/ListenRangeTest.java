package io.flatnet.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.IpAddress;
import io.flatnet.bgp.model.IpPrefix;
import io.flatnet.bgp.policy.PeerPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenRangeTest {
    private static final Asn AS = Asn.of(64512);
    private static final ListenRange NODES = ListenRange.of("nodes", List.of(IpPrefix.parse("10.0.0.0/16")), AS);
    private static final ListenRange RACK7 = ListenRange.of("rack7", List.of(IpPrefix.parse("10.0.7.0/24")), AS);
    private static final ListenRange V6 = ListenRange.of("v6", List.of(IpPrefix.parse("fd00:1::/64")), AS);

    @Test
    void theMostSpecificRangeTakesTheAddressWhateverTheOrder() {
        assertThat(ListenRange.select(List.of(NODES, RACK7), IpAddress.parse("10.0.7.9"))).hasValue(RACK7);
        assertThat(ListenRange.select(List.of(RACK7, NODES), IpAddress.parse("10.0.7.9"))).hasValue(RACK7);
        assertThat(ListenRange.select(List.of(NODES, RACK7), IpAddress.parse("10.0.8.9"))).hasValue(NODES);
    }

    @Test
    void amongEquallySpecificRangesTheFirstListedWins() {
        ListenRange other = ListenRange.of("other", List.of(IpPrefix.parse("10.0.0.0/16")), Asn.of(65001));
        assertThat(ListenRange.select(List.of(NODES, other), IpAddress.parse("10.0.1.1"))).hasValue(NODES);
        assertThat(ListenRange.select(List.of(other, NODES), IpAddress.parse("10.0.1.1"))).hasValue(other);
    }

    @Test
    void anAddressOutsideEveryRangeOrOfAnotherFamilyIsRefused() {
        assertThat(ListenRange.select(List.of(NODES, RACK7), IpAddress.parse("10.1.0.1"))).isEmpty();
        assertThat(ListenRange.select(List.of(NODES), IpAddress.parse("fd00:1::1"))).isEmpty();
        assertThat(ListenRange.select(List.of(NODES, V6), IpAddress.parse("fd00:1::1"))).hasValue(V6);
        assertThat(ListenRange.select(List.of(), IpAddress.parse("10.0.0.1"))).isEmpty();
    }

    @Test
    void oneRangeMayHoldSeveralPrefixesOfBothFamilies() {
        ListenRange both = ListenRange.of("both",
                List.of(IpPrefix.parse("100.64.0.0/24"), IpPrefix.parse("fd00:64::/64")), AS);
        assertThat(ListenRange.select(List.of(both), IpAddress.parse("100.64.0.9"))).hasValue(both);
        assertThat(ListenRange.select(List.of(both), IpAddress.parse("fd00:64::9"))).hasValue(both);
    }

    @Test
    void selectIndexNamesThePositionOfTheChosenRange() {
        ListenRange wide = ListenRange.of("wide", List.of(IpPrefix.parse("10.0.0.0/8")), AS);
        ListenRange narrow = ListenRange.of("narrow", List.of(IpPrefix.parse("10.0.7.0/24")), AS);
        ListenRange twin = ListenRange.of("twin", List.of(IpPrefix.parse("10.0.7.0/24")), AS);
        List<ListenRange> ranges = List.of(wide, narrow, twin);
        assertThat(ListenRange.selectIndex(ranges, IpAddress.parse("10.0.7.1"))).isEqualTo(1);
        assertThat(ListenRange.selectIndex(ranges, IpAddress.parse("10.1.0.1"))).isZero();
        assertThat(ListenRange.selectIndex(ranges, IpAddress.parse("192.0.2.1"))).isEqualTo(-1);
        assertThat(ListenRange.selectIndex(List.of(), IpAddress.parse("10.0.7.1"))).isEqualTo(-1);
    }

    @Test
    void thePeerIsTheTemplateWithTheAddressAndAsFilledInAndPassive() {
        PeerConfig template = ListenRange.defaultTemplate(List.of(IpPrefix.parse("10.0.0.0/16")), AS)
                .passive(false).holdTime(Duration.ofSeconds(30)).policy(PeerPolicy.defaults()).reflectorClient(true)
                .build();
        ListenRange range = new ListenRange("nodes", List.of(IpPrefix.parse("10.0.0.0/16")), AS, template);
        PeerConfig peer = range.peerFor(IpAddress.parse("10.0.3.4"));
        assertThat(peer.address()).isEqualTo(IpAddress.parse("10.0.3.4"));
        assertThat(peer.remoteAsn()).isEqualTo(AS);
        assertThat(peer.passive()).isTrue();
        assertThat(peer.holdTime()).contains(Duration.ofSeconds(30));
        assertThat(peer.policy()).isEqualTo(PeerPolicy.defaults());
        assertThat(peer.reflectorClient()).isTrue();
        assertThat(range.peerFor(IpAddress.parse("10.0.3.4"))).isEqualTo(peer);
    }

    @Test
    void aTemplateWithTcpMd5IsRefused() {
        PeerConfig template = ListenRange.defaultTemplate(List.of(IpPrefix.parse("10.0.0.0/16")), AS)
                .md5Password("secret").build();
        assertThatThrownBy(() -> new ListenRange("nodes", List.of(IpPrefix.parse("10.0.0.0/16")), AS, template))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MD5");
    }

    @Test
    void aRangeNeedsANameAndAPrefix() {
        assertThatThrownBy(() -> ListenRange.of(" ", List.of(IpPrefix.parse("10.0.0.0/16")), AS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListenRange.of("empty", List.of(), AS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
