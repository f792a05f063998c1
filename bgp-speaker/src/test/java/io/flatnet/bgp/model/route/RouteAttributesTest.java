package io.flatnet.bgp.model.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.model.Asn;
import io.flatnet.bgp.model.Bytes;
import io.flatnet.bgp.model.Community;
import io.flatnet.bgp.model.IpAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteAttributesTest {
    private static final RouteAttributes BASE =
            RouteAttributes.of(RouteOrigin.IGP, AsPath.sequence(Asn.of(65001)), IpAddress.parse("192.0.2.1"));

    @Test
    void withersChangeOneFieldAndKeepTheRest() {
        RouteAttributes changed = BASE.withCommunities(List.of(Community.of(65001, 1))).withLocalPref(200).withMed(7);

        assertThat(changed.localPref()).hasValue(200);
        assertThat(changed.med()).hasValue(7);
        assertThat(changed.communities()).containsExactly(Community.of(65001, 1));
        assertThat(changed.asPath()).isEqualTo(BASE.asPath());
        assertThat(changed.withoutMed().withoutLocalPref().withCommunities(List.of())).isEqualTo(BASE);
        assertThat(BASE.withPrepended(Asn.of(64512), 2).asPath().decisionLength()).isEqualTo(3);
    }

    @Test
    void equalContentIsEqual() {
        RouteAttributes again = RouteAttributes.builder(RouteOrigin.IGP, AsPath.sequence(Asn.of(65001)),
                IpAddress.parse("192.0.2.1")).build();

        assertThat(again).isEqualTo(BASE).hasSameHashCodeAs(BASE);
    }

    @Test
    void newNextHopDropsTheOldLinkLocal() {
        RouteAttributes v6 = BASE.withNextHop(IpAddress.parse("fd00::1"), Optional.of(IpAddress.parse("fe80::1")));

        assertThat(v6.withNextHop(IpAddress.parse("fd00::2")).linkLocalNextHop()).isEmpty();
    }

    @Test
    void validates() {
        assertThatThrownBy(() -> BASE.withMed(1L << 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BASE.withNextHop(IpAddress.parse("fd00::1"), Optional.of(IpAddress.parse("fd00::2"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OpaqueAttribute(0x80, 99, Bytes.EMPTY))
                .as("non-transitive unknown attributes are not carried").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void opaqueAttributeIsPassedOnWithThePartialBit() {
        OpaqueAttribute a = new OpaqueAttribute(0xC0 | 0x10, 99, Bytes.of((byte) 1));

        assertThat(a.flags()).isEqualTo(0xC0);
        assertThat(a.passedOn().flags()).isEqualTo(0xE0);
        assertThat(a.passedOn().passedOn()).isEqualTo(a.passedOn());
    }
}
