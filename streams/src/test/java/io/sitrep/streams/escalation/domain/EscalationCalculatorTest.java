package io.sitrep.streams.escalation.domain;

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

    /** Fills weeks 5..52 before {@code AS_OF} with {@code perWeek} events, so Z stays small and the ratio rules decide. */
    private static NavigableMap<LocalDate, DayCount> withSteadyYear(final NavigableMap<LocalDate, DayCount> d, final int perWeek) {
        for (int w = 5; w < 53; w++) {
            d.put(AS_OF.minusDays(7L * w + 2), new DayCount(perWeek, 0));
        }
        return d;
    }

    @Test
    void shouldBeElevatedExactlyAtRatioBoundaryWhenBaselineIsLargeEnough() {
        // B28 = 16/4 = 4 (> 2, so the small-numbers guard does not apply); C7 = 5 -> R = 1.25 exactly
        final RollingFigures atBoundary = EscalationCalculator.compute(
                withSteadyYear(days(0, 5, 8, 4, 15, 4, 22, 4, 29, 4), 4), AS_OF);
        final RollingFigures below = EscalationCalculator.compute(
                withSteadyYear(days(0, 4, 8, 4, 15, 4, 22, 4, 29, 4), 4), AS_OF);

        assertThat(atBoundary.ratio()).isEqualTo(1.25);
        assertThat(atBoundary.z()).isLessThan(2.0);
        assertThat(atBoundary.level()).isEqualTo(EscalationLevel.ELEVATED);
        assertThat(below.ratio()).isEqualTo(1.0);
        assertThat(below.level()).isEqualTo(EscalationLevel.ACTIVE);
    }

    @Test
    void shouldNotSurgeOnRatioWhenBaselineIsBelowOne() {
        // R = 4 / max(0.5, 1) = 4, but B28 = 0.5 < 1 (no ratio surge), C7 < 5 (no Z surge), small numbers (not elevated)
        final RollingFigures f = EscalationCalculator.compute(days(0, 4, 10, 2), AS_OF);

        assertThat(f.b28()).isEqualTo(0.5);
        assertThat(f.ratio()).isEqualTo(4.0);
        assertThat(f.level()).isEqualTo(EscalationLevel.ACTIVE);
    }

    @Test
    void shouldBeCriticalWhenFirstCrossBorderAirStrikeInAYearComesWithASurge() {
        final NavigableMap<LocalDate, DayCount> d = days(8, 1, 15, 1, 22, 1, 29, 1);
        d.put(AS_OF, new DayCount(3, 0, 1));
        // Z alone would not make it critical: give the region a busy year of ground fighting
        for (int w = 5; w < 52; w++) {
            d.put(AS_OF.minusDays(7L * w + 2), new DayCount(2, 0));
        }
        final RollingFigures withStrike = EscalationCalculator.compute(d, AS_OF);
        d.put(AS_OF, new DayCount(3, 0, 0));
        final RollingFigures withoutStrike = EscalationCalculator.compute(d, AS_OF);

        assertThat(withStrike.level()).isEqualTo(EscalationLevel.CRITICAL);
        assertThat(withoutStrike.level()).isEqualTo(EscalationLevel.SURGE);
    }

    @Test
    void shouldFlagVolatileWhenLevelKeepsChanging() {
        // on and off: an event every 9 days flips QUIET/ACTIVE several times within 28 days
        final RollingFigures f = EscalationCalculator.compute(days(0, 1, 9, 1, 18, 1, 27, 1), AS_OF);

        assertThat(f.flags()).contains("VOLATILE");
    }

    @Test
    void shouldReadThresholdsFromPropertiesAndKeepDefaultsForTheRest() {
        final java.util.Properties props = new java.util.Properties();
        props.setProperty("surge.ratio", "3");
        props.setProperty("surge.z", "10");
        final EscalationRules rules = EscalationRules.fromProperties(props);

        assertThat(rules.surgeRatio()).isEqualTo(3.0);
        assertThat(rules.elevatedRatio()).isEqualTo(EscalationRules.DEFAULTS.elevatedRatio());
        // R = 7/3 with B28 = 3: a surge by default, only elevated when a surge needs R >= 3 (and Z >= 10)
        final NavigableMap<LocalDate, DayCount> d = withSteadyYear(days(0, 7, 8, 3, 15, 3, 22, 3, 29, 3), 3);
        assertThat(EscalationCalculator.compute(d, AS_OF).level()).isIn(EscalationLevel.SURGE, EscalationLevel.CRITICAL);
        assertThat(EscalationCalculator.compute(d, AS_OF, rules).level()).isEqualTo(EscalationLevel.ELEVATED);
    }

    @Test
    void shouldRefuseNonNumericThreshold() {
        final java.util.Properties props = new java.util.Properties();
        props.setProperty("critical.z", "high");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EscalationRules.fromProperties(props))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("critical.z");
    }
}
