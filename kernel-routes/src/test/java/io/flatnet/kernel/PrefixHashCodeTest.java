package io.flatnet.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The syncer's maps are keyed by {@link RouteKey}; a million /24s must not pile into few buckets. */
class PrefixHashCodeTest {

    private static int bucket(Object key, int buckets) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (buckets - 1);
    }

    @Test
    void consecutiveSlash24RouteKeysFillTheBucketsOfAHashMap() {
        int n = 1 << 17;
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int a = (16 << 24) + (i << 8);
            Prefix p = Prefix.of(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), 0}, 24);
            used.add(bucket(new RouteKey(p, 254, 0), 2 * n));
        }
        // Random keys would use about 79% of n distinct buckets out of 2n.
        assertThat(used.size()).isGreaterThan(n * 3 / 4);
    }

    @Test
    void equalPrefixesHashAlike() {
        assertThat(Prefix.parse("10.1.2.3/24").hashCode()).isEqualTo(Prefix.parse("10.1.2.0/24").hashCode());
        assertThat(new RouteKey(Prefix.parse("fd00:64::/64"), 254, 0))
                .hasSameHashCodeAs(new RouteKey(Prefix.parse("fd00:64::1/64"), 254, 0));
    }
}
