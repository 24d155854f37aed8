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

    @Test
    void shouldAddUpTheCollectorsPausesOfEachSecondByWhenTheyEnded() {
        final long start = 5_000_000_000L;
        final java.util.List<GcPauses.Pause> pauses = java.util.List.of(
                new GcPauses.Pause(start - 1_000_000L, 40, "G1 Young Generation", "before the phase"),
                new GcPauses.Pause(start + 200_000_000L, 12, "G1 Young Generation", "G1 Evacuation Pause"),
                new GcPauses.Pause(start + 700_000_000L, 30, "G1 Young Generation", "G1 Evacuation Pause"),
                new GcPauses.Pause(start + 2_100_000_000L, 7, "G1 Young Generation", "G1 Humongous Allocation"));

        assertThat(LatencyPhase.pauseMsBySecond(start, pauses)).containsExactly(42L, 0L, 7L);
    }
}
