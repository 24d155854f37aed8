package io.sitrep.streams.escalation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Cost per event of the figures of one region: full recomputation from every day (what the stream
 * did before) against the running figures, over histories of growing length. Prints figures,
 * asserts only that both agree. Not part of the normal build (the class name does not match
 * surefire's patterns). Run:
 * {@code ./mvnw -B -pl streams -am test -Dtest=EscalationFiguresBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
class EscalationFiguresBenchmark {
    private static final LocalDate START = LocalDate.of(2025, 1, 1);

    @Test
    void printCostPerEvent() {
        for (int[] shape : new int[][] {{30, 2_000}, {365, 4_000}, {700, 8_000}}) {
            run(shape[0], shape[1]);
        }
    }

    private static void run(final int days, final int events) {
        final NavigableMap<LocalDate, DayCount> map = new TreeMap<>();
        final RegionHistory history = new RegionHistory(EscalationRules.DEFAULTS);
        long full = 0;
        long running = 0;
        // events in date order, as live news arrives; the second half is timed (JIT warm, history long)
        for (int i = 0; i < events; i++) {
            final LocalDate day = START.plusDays((long) i * days / events);
            map.merge(day, new DayCount(1, 1, 0), (a, b) -> new DayCount(a.events() + 1, a.fatalitiesLow() + 1, 0));
            final long t0 = System.nanoTime();
            final RollingFigures expected = EscalationCalculator.compute(map, day);
            final long t1 = System.nanoTime();
            history.add("e" + i, new RegionHistory.EventFacts(day, "ARMED_CLASH", 1, 1, false, Set.of("s"), Set.of("o")));
            final RollingFigures actual = history.figures(day);
            final long t2 = System.nanoTime();
            if (i >= events / 2) {
                full += t1 - t0;
                running += t2 - t1;
            }
            assertThat(actual).isEqualTo(expected);
        }
        final int timed = events - events / 2;
        System.out.printf("escalation figures: %d days, %,d events: full recomputation %,.1f µs/event, running %,.1f µs/event%n",
                days, events, full / 1e3 / timed, running / 1e3 / timed);
    }
}
