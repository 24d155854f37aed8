package io.sitrep.streams.dedup.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongIntTableTest {

    @Test
    void shouldAgreeWithAHashMapWhenKeysCollideAndAreRemovedInAnyOrder() {
        // every key below falls in segment 0 (bits 28-31 are 0), which holds its 500 keys without growing
        final LongIntTable table = new LongIntTable(1024);
        final Map<Long, Integer> expected = new HashMap<>();
        final Random random = new Random(7);
        for (int op = 0; op < 200_000; op++) {
            // two keys per home slot, the home slots at the end of the (never grown) table: long probe runs
            // that wrap around, the case backward-shift deletion must get right
            final int r = random.nextInt(500);
            final long key = ((long) (r % 250) << 32) ^ 1_020L ^ ((long) (r / 250) << 45);
            if (random.nextInt(3) == 0) {
                table.remove(key);
                expected.remove(key);
            } else {
                table.put(key, op + 1);
                expected.put(key, op + 1);
            }
            if (op % 997 == 0) {
                for (final Map.Entry<Long, Integer> e : expected.entrySet()) {
                    assertThat(table.get(e.getKey())).isEqualTo(e.getValue());
                }
            }
        }
        assertThat(table.size()).isEqualTo(expected.size());
        for (final Map.Entry<Long, Integer> e : expected.entrySet()) {
            assertThat(table.get(e.getKey())).isEqualTo(e.getValue());
        }
        assertThat(table.get(-1L)).isZero();
    }

    @Test
    void shouldAgreeWithAHashMapAcrossEverySegmentAsSegmentsGrow() {
        final LongIntTable table = new LongIntTable();
        final Map<Long, Integer> expected = new HashMap<>();
        final Random random = new Random(11);
        final long[] keys = new long[300_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = random.nextLong();
            table.put(keys[i], i + 1);
            expected.put(keys[i], i + 1);
            if (i % 3 == 0) {
                final long gone = keys[random.nextInt(i + 1)];
                table.remove(gone);
                expected.remove(gone);
            }
        }
        assertThat(table.size()).isEqualTo(expected.size());
        for (final long key : keys) {
            assertThat(table.get(key)).isEqualTo(expected.getOrDefault(key, 0));
        }
        for (int i = 0; i < LongIntTable.SEGMENTS; i++) {
            assertThat(table.segmentCapacity(i)).as("segment %d", i).isGreaterThan(64);
        }
    }

    @Test
    void shouldSpreadTheSegmentsGrowthOverTheTablesFill() {
        final LongIntTable table = new LongIntTable();
        final Random random = new Random(5);
        // the table's size when each segment first reached 16,384 slots
        final long[] grewAt = new long[LongIntTable.SEGMENTS];
        int grown = 0;
        while (grown < LongIntTable.SEGMENTS) {
            final long key = random.nextLong();
            final int segment = (int) (key >>> LongIntTable.SEGMENT_SHIFT) & (LongIntTable.SEGMENTS - 1);
            final int before = table.segmentCapacity(segment);
            table.put(key, 1);
            if (before == 8_192 && table.segmentCapacity(segment) == 16_384) {
                grewAt[segment] = table.size();
                grown++;
            }
        }
        final long first = Arrays.stream(grewAt).min().orElseThrow();
        final long last = Arrays.stream(grewAt).max().orElseThrow();
        // grown at one load, the segments (of about equal size) would grow within a few percent of
        // each other; at loads from 0.6 to 0.75 the last grows about a quarter later than the first
        assertThat((double) last / first).isGreaterThan(1.15);
    }

    @Test
    void shouldRefuseZeroBecauseItMarksAFreeSlot() {
        assertThatThrownBy(() -> new LongIntTable().put(1L, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
