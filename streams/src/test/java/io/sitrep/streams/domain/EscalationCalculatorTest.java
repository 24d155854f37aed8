package io.sitrep.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.avro.EscalationLevel;
import java.time.LocalDate;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EscalationCalculatorTest {
    private static final LocalDate AS_OF = LocalDate.of(2026, 3, 10);

    private static NavigableMap<LocalDate, DayCount> days(final Object... dayOffsetsAndCounts) {
        final NavigableMap<LocalDate, DayCount> days = new TreeMap<>();
        for (int i = 0; i < dayOffsetsAndCounts.length; i += 2) {
            days.put(AS_OF.minusDays((Integer) dayOffsetsAndCounts[i]), new DayCount((Integer) dayOffsetsAndCounts[i + 1], 0));
        }
        return days;
    }

    @Test
    void shouldBeQuietWhenNoEventsInLastSevenDays() {
        final RollingFigures f = EscalationCalculator.compute(days(7, 3, 20, 1), AS_OF);

        assertThat(f.c7()).isZero();
        assertThat(f.level()).isEqualTo(EscalationLevel.QUIET);
        assertThat(f.flags()).contains("DEESCALATING");
        assertThat(f.totalEvents()).isEqualTo(4);
    }

    @Test
    void shouldCountWindowsAtTheirEdges() {
        // day 0 and day 6 are inside C7; day 7 and day 34 inside the 28-day baseline; day 35 outside both
        final RollingFigures f = EscalationCalculator.compute(days(0, 1, 6, 1, 7, 2, 34, 2, 35, 100), AS_OF);

        assertThat(f.c7()).isEqualTo(2);
        assertThat(f.b28()).isEqualTo(1.0);
        assertThat(f.ratio()).isEqualTo(2.0);
    }

    @Test
    void shouldStayActiveNotElevatedWhenCountsAreSmall() {
        // R = 3 / max(0.5, 1) = 3, but B28 <= 2 and C7 <= 5: small numbers are not a trend
        final RollingFigures f = EscalationCalculator.compute(days(1, 3, 10, 2), AS_OF);

        assertThat(f.level()).isEqualTo(EscalationLevel.ACTIVE);
    }

    @Test
    void shouldBeSurgeWhenRatioAtLeastTwoWithBaseline() {
        final RollingFigures f = EscalationCalculator.compute(days(0, 4, 2, 4, 8, 2, 15, 2, 22, 2, 29, 2), AS_OF);

        assertThat(f.c7()).isEqualTo(8);
        assertThat(f.b28()).isEqualTo(2.0);
        assertThat(f.level()).isIn(EscalationLevel.SURGE, EscalationLevel.CRITICAL);
    }

    @Test
    void shouldFlagOnsetWhenFirstEventsAfterQuietMonth() {
        final RollingFigures f = EscalationCalculator.compute(days(0, 1), AS_OF);

        assertThat(f.flags()).containsExactly("ONSET");
        assertThat(f.level()).isEqualTo(EscalationLevel.ACTIVE);
        assertThat(f.levelSince()).isEqualTo(AS_OF);
        assertThat(f.z()).isNull();
    }

    @Test
    void shouldReportSinceWhenLevelStarted() {
        // one event 3 days ago: ACTIVE since that day (the day before it, the window was empty)
        final RollingFigures f = EscalationCalculator.compute(days(3, 1), AS_OF);

        assertThat(f.level()).isEqualTo(EscalationLevel.ACTIVE);
        assertThat(f.levelSince()).isEqualTo(AS_OF.minusDays(3));
    }
}
