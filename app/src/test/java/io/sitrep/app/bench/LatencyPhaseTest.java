package io.sitrep.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyPhaseTest {

    @Test
    void shouldGiveTheLongestLatencyOfTheEventsSentInEachSecond() {
        final long start = 5_000_000_000L;
        final long[] sent = {start + 100_000_000L, start + 2_500_000_000L, start + 900_000_000L, start + 2_000_000_000L};
        final long[] latencies = {300_000_000L, 1_900_000_000L, 450_000_000L, 800_000_000L};

        // second 1 had no event sent in it
        assertThat(LatencyPhase.maxBySecond(start, sent, latencies)).containsExactly(450L, 0L, 1900L);
    }
}
