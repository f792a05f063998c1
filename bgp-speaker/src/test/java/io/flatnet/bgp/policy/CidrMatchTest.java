package io.flatnet.bgp.policy;

import static io.flatnet.bgp.policy.PolicyFixtures.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CidrMatchTest {

    @Test
    void equalMatchesOnlyTheSamePrefix() {
        CidrMatch m = CidrMatch.equal(prefix("10.244.0.0/16"));
        assertThat(m.matches(prefix("10.244.0.0/16"))).isTrue();
        assertThat(m.matches(prefix("10.244.1.0/24"))).isFalse();
        assertThat(m.matches(prefix("10.244.0.0/15"))).isFalse();
    }

    @Test
    void notEqualMatchesEverythingElse() {
        CidrMatch m = CidrMatch.notEqual(prefix("10.244.0.0/16"));
        assertThat(m.matches(prefix("10.244.0.0/16"))).isFalse();
        assertThat(m.matches(prefix("10.244.1.0/24"))).isTrue();
        assertThat(m.matches(prefix("fd00::/16"))).isTrue();
    }

    @Test
    void inMatchesTheCidrAndEverythingInsideIt() {
        CidrMatch m = CidrMatch.in(prefix("10.244.0.0/16"));
        assertThat(m.matches(prefix("10.244.0.0/16"))).isTrue();
        assertThat(m.matches(prefix("10.244.7.0/24"))).isTrue();
        assertThat(m.matches(prefix("10.244.7.9/32"))).isTrue();
        assertThat(m.matches(prefix("10.245.0.0/24"))).isFalse();
        assertThat(m.matches(prefix("10.0.0.0/8"))).as("shorter, so outside").isFalse();
    }

    @Test
    void notInMatchesWhatLiesOutside() {
        CidrMatch m = CidrMatch.notIn(prefix("10.244.0.0/16"));
        assertThat(m.matches(prefix("10.244.7.0/24"))).isFalse();
        assertThat(m.matches(prefix("10.0.0.0/8"))).isTrue();
        assertThat(m.matches(prefix("192.168.0.0/24"))).isTrue();
    }

    @Test
    void inWorksForIpv6AcrossTheWordBoundaryAndForTheDefaultRoute() {
        CidrMatch m = CidrMatch.in(prefix("fd00:10:0:1:8000::/65"));
        assertThat(m.matches(prefix("fd00:10:0:1:8000::/80"))).isTrue();
        assertThat(m.matches(prefix("fd00:10:0:1:4000::/80"))).isFalse();
        assertThat(CidrMatch.in(prefix("0.0.0.0/0")).matches(prefix("203.0.113.0/24"))).isTrue();
        assertThat(CidrMatch.in(prefix("::/0")).matches(prefix("2001:db8::/32"))).isTrue();
    }

    @Test
    void anotherFamilyIsNeverEqualOrIn() {
        assertThat(CidrMatch.in(prefix("0.0.0.0/0")).matches(prefix("::/0"))).isFalse();
        assertThat(CidrMatch.notIn(prefix("0.0.0.0/0")).matches(prefix("::/0"))).isTrue();
        assertThat(CidrMatch.equal(prefix("0.0.0.0/0")).matches(prefix("::/0"))).isFalse();
    }
}
