package io.sitrep.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcPausesTest {

    @Test
    void shouldHearOfACollectionOfThisJvmWithItsDuration() throws Exception {
        try (GcPauses pauses = new GcPauses()) {
            final long from = System.nanoTime();
            // a requested collection is a full, stop-the-world one; its notification arrives on another thread
            System.gc();
            final long deadline = System.nanoTime() + 30_000_000_000L;
            while (pauses.between(from, System.nanoTime()).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            final List<GcPauses.Pause> heard = pauses.between(from, System.nanoTime());
            assertThat(heard).isNotEmpty();
            assertThat(heard).anySatisfy(p -> assertThat(p.cause()).isEqualTo("System.gc()"));
            assertThat(heard).allSatisfy(p -> assertThat(p.millis()).isNotNegative());
        }
    }

    @Test
    void shouldCountOnlyThePausesThatEndedInsideThePhase() {
        try (GcPauses pauses = new GcPauses()) {
            final long t = System.nanoTime() + 3_600_000_000_000L;
            pauses.record(new GcPauses.Pause(t - 5, 40, "G1 Young Generation", "G1 Evacuation Pause"));
            pauses.record(new GcPauses.Pause(t + 10, 900, "G1 Old Generation", "System.gc()"));
            pauses.record(new GcPauses.Pause(t + 20, 15, "G1 Young Generation", "G1 Humongous Allocation"));
            pauses.record(new GcPauses.Pause(t + 31, 700, "G1 Young Generation", "G1 Evacuation Pause"));

            final Map<String, Object> figures = GcPauses.figures(pauses.between(t, t + 30));

            assertThat(figures).containsEntry("count", 2).containsEntry("totalMs", 915L).containsEntry("maxMs", 900L)
                    .containsEntry("longest", "G1 Old Generation (System.gc())");
        }
    }

    @Test
    void shouldGiveZeroesForAPhaseWithoutPauses() {
        assertThat(GcPauses.figures(List.of())).containsEntry("count", 0).containsEntry("totalMs", 0L).containsEntry("maxMs", 0L)
                .doesNotContainKey("longest");
    }
}
