package io.flatnet.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The group Adj-RIB-Out table against a HashMap, through growth, deletion runs and shrinking. */
class OutTableTest {
    private static final UpdateGroup.Out[] A = {new UpdateGroup.Out(0, List.of(), null)};
    private static final UpdateGroup.Out[] B = {new UpdateGroup.Out(1, List.of(), null)};

    @Test
    void behavesLikeAMapForBothFamilies() {
        for (Afi afi : Afi.values()) {
            Random random = new Random(afi.ordinal());
            OutTable table = new OutTable(afi);
            Map<IpPrefix, UpdateGroup.Out[]> reference = new HashMap<>();
            List<IpPrefix> keys = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                // few distinct bits, many lengths: long probe runs and collisions
                IpPrefix p = afi == Afi.IPV4
                        ? new IpPrefix(Afi.IPV4, 0, Integer.toUnsignedLong(random.nextInt(512) << 20), 8 + random.nextInt(25))
                        : IpPrefix.v6(random.nextLong() & 0xFFFF_0000_0000_0000L, 0, 16 + random.nextInt(49));
                keys.add(p);
            }
            for (int round = 0; round < 20_000; round++) {
                IpPrefix p = keys.get(random.nextInt(keys.size()));
                switch (random.nextInt(3)) {
                    case 0 -> assertThat(table.put(p, A)).isSameAs(reference.put(p, A));
                    case 1 -> assertThat(table.put(p, B)).isSameAs(reference.put(p, B));
                    default -> assertThat(table.remove(p)).isSameAs(reference.remove(p));
                }
                assertThat(table.size()).isEqualTo(reference.size());
            }
            for (IpPrefix p : keys) {
                assertThat(table.get(p)).isSameAs(reference.get(p));
            }
            assertThat(table.keys().prefixes()).containsExactlyInAnyOrderElementsOf(reference.keySet());
            for (IpPrefix p : List.copyOf(reference.keySet())) {
                assertThat(table.remove(p)).isSameAs(reference.remove(p));
            }
            assertThat(table.size()).isZero();
            assertThat(table.keys().isEmpty()).isTrue();
        }
    }
}
