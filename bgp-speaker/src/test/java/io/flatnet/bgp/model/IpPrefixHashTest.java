package io.flatnet.bgp.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** HashMap-keyed tables of prefixes (the kernel installer's, the API's) depend on this spread. */
class IpPrefixHashTest {

    /** The bucket a HashMap of {@code buckets} slots picks for a key: its spread of hashCode. */
    private static int bucket(Object key, int buckets) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (buckets - 1);
    }

    @Test
    void consecutiveSlash24sFillTheBucketsOfAHashMap() {
        int n = 1 << 17;
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < n; i++) {
            used.add(bucket(IpPrefix.v4((16 << 24) + (i << 8), 24), 2 * n));
        }
        // Random keys would use about 1 - e^-0.5 = 39% of 2n buckets, i.e. 79% of n.
        assertThat(used.size()).isGreaterThan(n * 3 / 4);
    }

    @Test
    void consecutiveIpv6Slash64sFillTheBucketsOfAHashMap() {
        int n = 1 << 17;
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < n; i++) {
            used.add(bucket(IpPrefix.v6(0xfd00_0064_0000_0000L + i, 0, 64), 2 * n));
        }
        assertThat(used.size()).isGreaterThan(n * 3 / 4);
    }

    @Test
    void equalPrefixesHashAlike() {
        assertThat(IpPrefix.parse("10.1.2.3/24").hashCode()).isEqualTo(IpPrefix.parse("10.1.2.0/24").hashCode());
    }
}
