package io.flatnet.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import io.flatnet.bgp.model.IpPrefix;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The open-addressing table against a HashMap, through growth, shrinking and deletion by tombstone. */
class PrefixTableTest {
    private record Entry(long high, long low, int length, int pathId) {}

    private static final PrefixTable.Keys<Entry> KEYS = new PrefixTable.Keys<>() {
        @Override
        public long high(Entry e) {
            return e.high();
        }

        @Override
        public long low(Entry e) {
            return e.low();
        }

        @Override
        public int length(Entry e) {
            return e.length();
        }

        @Override
        public int pathId(Entry e) {
            return e.pathId();
        }
    };

    @Test
    void behavesLikeAMapUnderRandomOperations() {
        PrefixTable<Entry> table = new PrefixTable<>(KEYS);
        Map<Entry, Entry> reference = new HashMap<>();
        Random random = new Random(4271);
        for (int step = 0; step < 200_000; step++) {
            // A small key space, so that puts replace and removes hit.
            Entry key = new Entry(random.nextInt(2), random.nextInt(3000), 8 + random.nextInt(3), random.nextInt(2));
            if (random.nextInt(3) == 0) {
                assertThat(table.remove(key.high(), key.low(), key.length(), key.pathId())).isEqualTo(reference.remove(key));
            } else {
                assertThat(table.put(key)).isEqualTo(reference.put(key, key));
            }
            if (step % 20_000 == 0) {
                for (Entry e : reference.keySet()) {
                    assertThat(table.get(e.high(), e.low(), e.length(), e.pathId())).isEqualTo(e);
                }
            }
        }
        assertThat(table.size()).isEqualTo(reference.size());
        assertThat(table.entries()).containsExactlyInAnyOrderElementsOf(reference.keySet());
        for (Entry e : reference.keySet().toArray(Entry[]::new)) {
            table.remove(e.high(), e.low(), e.length(), e.pathId());
        }
        assertThat(table.size()).isZero();
        IpPrefix p = IpPrefix.parse("10.0.0.0/8");
        assertThat(table.get(p.high(), p.low(), p.length(), 0)).isNull();
    }

    @Test
    void theLocRibsSlotOperationsBehaveLikeAMapThroughTombstonesAndResizes() {
        // indexOf + insertAt / replaceAt / removeAt, as LocRib uses them, over a key space that
        // grows, churns (tombstones reused and rehashed away) and empties (shrinking).
        PrefixTable<Entry> table = new PrefixTable<>(KEYS);
        Map<Entry, Entry> reference = new HashMap<>();
        Random random = new Random(7911);
        for (int phase = 0; phase < 3; phase++) {
            int keys = phase == 1 ? 200 : 20_000;
            for (int step = 0; step < 150_000; step++) {
                Entry key = new Entry(0, random.nextInt(keys), 24, 0);
                int i = table.indexOf(key.high(), key.low(), key.length(), key.pathId());
                assertThat(i >= 0).isEqualTo(reference.containsKey(key));
                boolean removing = phase == 2 ? random.nextInt(4) != 0 : random.nextInt(3) == 0;
                if (i < 0) {
                    if (!removing) {
                        table.insertAt(i, key);
                        reference.put(key, key);
                    }
                } else if (removing) {
                    assertThat(table.removeAt(i)).isEqualTo(reference.remove(key));
                } else {
                    table.replaceAt(i, key);
                }
                assertThat(table.size()).isEqualTo(reference.size());
            }
            assertThat(table.entries()).containsExactlyInAnyOrderElementsOf(reference.keySet());
            for (Entry e : reference.keySet()) {
                assertThat(table.get(e.high(), e.low(), e.length(), e.pathId())).isEqualTo(e);
            }
        }
    }

    @Test
    void aWalkInChunksReadsEveryEntryOnce() {
        PrefixTable<Entry> table = new PrefixTable<>(KEYS);
        for (int i = 0; i < 5000; i++) {
            table.put(new Entry(0, i, 24, 0));
        }
        java.util.List<Entry> seen = new java.util.ArrayList<>();
        int chunks = 0;
        for (TableWalk w = TableWalk.START; !w.finished(); chunks++) {
            w = table.walk(w, 100, seen::add);
        }
        assertThat(seen).hasSize(5000).doesNotHaveDuplicates();
        assertThat(chunks).isGreaterThan(50);
    }

    /**
     * Entries put and removed between chunks grow the table and shift entries back past the
     * walk's position; the walk starts again, so every entry present throughout is read.
     */
    @Test
    void aWalkStartsAgainWhenTheTableMovedEntriesInBetween() {
        PrefixTable<Entry> table = new PrefixTable<>(KEYS);
        java.util.Set<Entry> stable = new java.util.HashSet<>();
        for (int i = 0; i < 3000; i++) {
            Entry e = new Entry(0, i, 24, 0);
            table.put(e);
            stable.add(e);
        }
        java.util.Set<Entry> seen = new java.util.HashSet<>();
        Random random = new Random(4456);
        int step = 0;
        TableWalk w = TableWalk.START;
        while (!w.finished()) {
            w = table.walk(w, 256, seen::add);
            if (step++ < 2) { // a burst of churn early in the walk: growth, then deletions
                for (int i = 0; i < 3000; i++) {
                    table.put(new Entry(1, i, 24, 0));
                }
                for (int i = 0; i < 3000; i++) {
                    table.remove(1, random.nextInt(3000), 24, 0);
                }
            }
        }
        assertThat(w.restarts()).isBetween(1, TableWalk.MAX_RESTARTS);
        assertThat(seen).containsAll(stable);
    }
}
