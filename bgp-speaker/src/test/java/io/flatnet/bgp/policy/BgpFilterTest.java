package io.flatnet.bgp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flatnet.bgp.model.Afi;
import org.junit.jupiter.api.Test;

class BgpFilterTest {

    @Test
    void rulesArePickedByDirectionAndFamily() {
        FilterRule e4 = FilterRule.accept().in("10.0.0.0/8");
        FilterRule i4 = FilterRule.reject().in("10.0.0.0/8");
        FilterRule e6 = FilterRule.accept().in("fd00::/8");
        FilterRule i6 = FilterRule.reject().in("fd00::/8");
        BgpFilter f = BgpFilter.named("f").exportV4(e4).importV4(i4).exportV6(e6).importV6(i6);
        assertThat(f.rules(BgpFilter.Direction.EXPORT, Afi.IPV4)).containsExactly(e4);
        assertThat(f.rules(BgpFilter.Direction.IMPORT, Afi.IPV4)).containsExactly(i4);
        assertThat(f.rules(BgpFilter.Direction.EXPORT, Afi.IPV6)).containsExactly(e6);
        assertThat(f.rules(BgpFilter.Direction.IMPORT, Afi.IPV6)).containsExactly(i6);
    }

    @Test
    void aCidrOfTheWrongFamilyIsRefused() {
        assertThatThrownBy(() -> BgpFilter.named("f").exportV4(FilterRule.accept().in("fd00::/8")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("filter 'f' exportV4 rule 0");
        assertThatThrownBy(() -> BgpFilter.named("f").importV6(FilterRule.accept().in("10.0.0.0/8")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPrefixLengthBeyondTheFamilyIsRefused() {
        assertThatThrownBy(() -> BgpFilter.named("f").importV4(FilterRule.accept().prefixLength(33, 64)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
