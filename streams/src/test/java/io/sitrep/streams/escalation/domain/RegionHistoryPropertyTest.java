package io.sitrep.streams.escalation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The running figures equal a full recomputation from the same days, after every change. */
class RegionHistoryPropertyTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 1);
    /** Rules low enough that every level, flag and the CRITICAL triggers occur in small random histories. */
    private static final EscalationRules TIGHT = new EscalationRules(1.25, 1, 2, 1.5, 0.5, 1.5, 2, 2, 6, 30, 0.75, 2, 14);

    @Test
    void shouldEqualFullRecomputationOnRandomEventsWithRetractions() {
        for (long seed = 1; seed <= 24; seed++) {
            checkSequence(new Random(seed), seed % 2 == 0 ? EscalationRules.DEFAULTS : TIGHT);
        }
    }

    private static void checkSequence(final Random random, final EscalationRules rules) {
        final RegionHistory history = new RegionHistory(rules);
        final Map<String, RegionHistory.EventFacts> live = new HashMap<>();
        final List<String> ids = new ArrayList<>();
        LocalDate clock = START;
        // long spans and sparse bursts exercise the 52-week windows, the ring wrapping and pruning
        final int steps = 300 + random.nextInt(300);
        for (int step = 0; step < steps; step++) {
            final int op = random.nextInt(10);
            if (op < 6 || ids.isEmpty()) {
                final LocalDate day = clock.minusDays(random.nextInt(15));
                final String id = "e" + step;
                final var facts = facts(random, day);
                history.add(id, facts);
                live.put(id, facts);
                ids.add(id);
            } else if (op < 8) {
                final String id = ids.remove(random.nextInt(ids.size()));
                history.retract(id, live.remove(id).day());
            } else if (op < 9) {
                // a correction: same id, another day or other figures
                final String id = ids.get(random.nextInt(ids.size()));
                history.retract(id, live.get(id).day());
                final var facts = facts(random, clock.minusDays(random.nextInt(15)));
                history.add(id, facts);
                live.put(id, facts);
            } else {
                clock = clock.plusDays(1 + (random.nextInt(8) == 0 ? random.nextInt(200) : random.nextInt(3)));
                final LocalDate oldestKept = clock.minusDays(EscalationCalculator.HISTORY_DAYS);
                history.pruneBefore(oldestKept).forEach(id -> {
                    live.remove(id);
                    ids.remove(id);
                });
            }
            final LocalDate last = history.lastDay();
            final LocalDate asOf = last != null && last.isAfter(clock) ? last : clock;
            assertThat(history.figures(asOf)).as("step %d as of %s", step, asOf)
                    .isEqualTo(EscalationCalculator.compute(byDay(live), asOf, rules));
        }
    }

    private static RegionHistory.EventFacts facts(final Random random, final LocalDate day) {
        final int low = random.nextInt(4) == 0 ? random.nextInt(40) : 0;
        return new RegionHistory.EventFacts(day, random.nextBoolean() ? "ARMED_CLASH" : "AIR_DRONE_STRIKE", low,
                low + random.nextInt(5), random.nextInt(12) == 0, Set.of("s" + random.nextInt(9)), Set.of("o" + random.nextInt(4)));
    }

    private static NavigableMap<LocalDate, DayCount> byDay(final Map<String, RegionHistory.EventFacts> live) {
        final NavigableMap<LocalDate, DayCount> days = new TreeMap<>();
        for (RegionHistory.EventFacts f : live.values()) {
            days.merge(f.day(), new DayCount(1, f.fatalitiesLow(), f.crossBorderAirStrike() ? 1 : 0),
                    (a, b) -> new DayCount(a.events() + b.events(), a.fatalitiesLow() + b.fatalitiesLow(),
                            a.crossBorderAirStrikes() + b.crossBorderAirStrikes()));
        }
        return days;
    }
}
