package io.flatnet.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.Afi;
import io.flatnet.bgp.model.IpPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The open-addressing id table against a HashMap, through growth, shrinking and deletion by tombstone. */
class PrefixTableTest {
    private record Key(long high, long low, int length) {}

    /** Keys by id, in the Loc-RIB's own columns (IPv6, so that the high bits count); ids are never freed here. */
    private static final class Keys {
        final PrefixColumns columns = new PrefixColumns(Afi.IPV6);

        int idFor(Key key) {
            return columns.allocate(key.high(), key.low(), key.length());
        }
    }

    private final Keys keys = new Keys();
    private final PrefixTable table = new PrefixTable(keys.columns);

    @Test
    void behavesLikeAMapUnderRandomOperations() {
        Map<Key, Integer> reference = new HashMap<>();
        Random random = new Random(4271);
        for (int step = 0; step < 200_000; step++) {
            // A small key space, so that adds find the key held and removes hit.
            Key key = new Key(random.nextInt(2), random.nextInt(3000), 8 + random.nextInt(3));
            if (random.nextInt(3) == 0) {
                assertThat(table.remove(key.high(), key.low(), key.length()))
                        .isEqualTo(reference.containsKey(key) ? reference.remove(key) : -1);
            } else if (!reference.containsKey(key)) {
                int id = keys.idFor(key);
                table.add(id);
                reference.put(key, id);
            }
            if (step % 20_000 == 0) {
                reference.forEach((k, id) -> assertThat(table.get(k.high(), k.low(), k.length())).isEqualTo(id));
            }
        }
        assertThat(table.size()).isEqualTo(reference.size());
        assertThat(java.util.Arrays.stream(table.ids()).boxed().toList()).containsExactlyInAnyOrderElementsOf(reference.values());
        for (Key k : reference.keySet()) {
            table.remove(k.high(), k.low(), k.length());
        }
        assertThat(table.size()).isZero();
        IpPrefix p = IpPrefix.parse("10.0.0.0/8");
        assertThat(table.get(p.high(), p.low(), p.length())).isEqualTo(-1);
    }

    @Test
    void theLocRibsSlotOperationsBehaveLikeAMapThroughTombstonesAndResizes() {
        // indexOf + insertAt / removeAt, as LocRib uses them, over a key space that grows, churns
        // (tombstones reused and rehashed away) and empties (shrinking).
        Map<Key, Integer> reference = new HashMap<>();
        Random random = new Random(7911);
        for (int phase = 0; phase < 3; phase++) {
            int space = phase == 1 ? 200 : 20_000;
            for (int step = 0; step < 150_000; step++) {
                Key key = new Key(0, random.nextInt(space), 24);
                int i = table.indexOf(key.high(), key.low(), key.length());
                assertThat(i >= 0).isEqualTo(reference.containsKey(key));
                boolean removing = phase == 2 ? random.nextInt(4) != 0 : random.nextInt(3) == 0;
                if (i < 0) {
                    if (!removing) {
                        int id = keys.idFor(key);
                        table.insertAt(i, id);
                        reference.put(key, id);
                    }
                } else if (removing) {
                    assertThat(table.idAt(i)).isEqualTo(reference.remove(key));
                    table.removeAt(i);
                } else {
                    assertThat(table.idAt(i)).isEqualTo(reference.get(key));
                }
                assertThat(table.size()).isEqualTo(reference.size());
            }
            assertThat(java.util.Arrays.stream(table.ids()).boxed().toList()).containsExactlyInAnyOrderElementsOf(reference.values());
            reference.forEach((k, id) -> assertThat(table.get(k.high(), k.low(), k.length())).isEqualTo(id));
        }
    }

    @Test
    void aWalkInChunksReadsEveryEntryOnce() {
        for (int i = 0; i < 5000; i++) {
            table.add(keys.idFor(new Key(0, i, 24)));
        }
        List<Integer> seen = new ArrayList<>();
        int chunks = 0;
        for (TableWalk w = TableWalk.START; !w.finished(); chunks++) {
            w = table.walk(w, 100, seen::add);
        }
        assertThat(seen).hasSize(5000).doesNotHaveDuplicates();
        assertThat(chunks).isGreaterThan(50);
    }

    /**
     * Entries added and removed between chunks grow the table and move entries back past the
     * walk's position; the walk starts again, so every entry present throughout is read.
     */
    @Test
    void aWalkStartsAgainWhenTheTableMovedEntriesInBetween() {
        Set<Integer> stable = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            int id = keys.idFor(new Key(0, i, 24));
            table.add(id);
            stable.add(id);
        }
        Set<Integer> seen = new HashSet<>();
        Random random = new Random(4456);
        int step = 0;
        TableWalk w = TableWalk.START;
        while (!w.finished()) {
            w = table.walk(w, 256, seen::add);
            if (step++ < 2) { // a burst of churn early in the walk: growth, then deletions
                for (int i = 0; i < 3000; i++) {
                    if (table.get(1, i, 24) < 0) {
                        table.add(keys.idFor(new Key(1, i, 24)));
                    }
                }
                for (int i = 0; i < 3000; i++) {
                    table.remove(1, random.nextInt(3000), 24);
                }
            }
        }
        assertThat(w.restarts()).isBetween(1, TableWalk.MAX_RESTARTS);
        assertThat(seen).containsAll(stable);
    }
}
