package io.sitrep.streams.dedup.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongIntTableTest {

    @Test
    void shouldAgreeWithAHashMapWhenKeysCollideAndAreRemovedInAnyOrder() {
        final LongIntTable table = new LongIntTable();
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
    void shouldRefuseZeroBecauseItMarksAFreeSlot() {
        assertThatThrownBy(() -> new LongIntTable().put(1L, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
