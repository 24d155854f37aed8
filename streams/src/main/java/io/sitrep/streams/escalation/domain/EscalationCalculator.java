package io.sitrep.streams.escalation.domain;

import io.sitrep.schemas.avro.EscalationLevel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.function.LongFunction;

/**
 * Rolling per-region figures and levels from daily counts (docs/ARCHITECTURE.md, "Escalation figures and levels").
 *
 * <ul>
 *   <li>C7 = events in the 7 days ending {@code asOf}; B28 = weekly average of the 4 weeks before;
 *       R = C7 / max(B28, 1); Z = (C7 − mean of the 52 weeks before) / max(σ, √mean), undefined
 *       (null) when that is 0.</li>
 *   <li>QUIET (C7 = 0); ACTIVE (C7 ≥ 1); ELEVATED (R ≥ 1.25 unless B28 ≤ 2 and C7 ≤ 5); SURGE
 *       (R ≥ 2 with B28 ≥ 1, or Z ≥ 2 with C7 ≥ 5: ACLED's Surge Tracker rule); CRITICAL (SURGE and
 *       one of: Z ≥ 3; 30-day conservative fatalities ≥ 100 at a 52-week high of that figure; the
 *       first cross-border air/drone strike in a year).</li>
 *   <li>Flags: ONSET (events now, none in the 28 days before), DEESCALATING (R ≤ 0.75 with a
 *       baseline), VOLATILE (the level changed 3 or more times in the last 28 days).</li>
 * </ul>
 * Thresholds come from {@link EscalationRules}. The rules read a region's days only through
 * {@link DailySeries}; {@link RollingSeries} answers those sums in constant time and caches the
 * levels of past days, which is how the stream keeps figures per event without rescanning history.
 */
public final class EscalationCalculator {
    private static final int WEEKS_OF_HISTORY = 52;
    /** How far back {@code levelSince} is searched; older starts are reported as this bound. */
    static final int LEVEL_SINCE_LOOKBACK_DAYS = 90;
    /** Days of history the figures can depend on: 52 weeks before the current week, and a year of strikes. */
    public static final int HISTORY_DAYS = 7 * (WEEKS_OF_HISTORY + 1) + 366;

    private EscalationCalculator() {
    }

    public static RollingFigures compute(final NavigableMap<LocalDate, DayCount> days, final LocalDate asOf) {
        return compute(days, asOf, EscalationRules.DEFAULTS);
    }

    /** Full recomputation from every day: the reference the running figures are tested against. */
    public static RollingFigures compute(final NavigableMap<LocalDate, DayCount> days, final LocalDate asOf,
                                         final EscalationRules rules) {
        final DailySeries series = new MapSeries(days);
        return compute(series, asOf, rules, day -> level(series, day, rules));
    }

    /**
     * The figures as of {@code asOf}; {@code levelOf} answers the level of an earlier day (an epoch
     * day) under the same rules (see {@link #level}), so a caller may cache it: it depends only on
     * days up to that day.
     */
    public static RollingFigures compute(final DailySeries days, final LocalDate asOf, final EscalationRules rules,
                                         final LongFunction<EscalationLevel> levelOf) {
        final long today = asOf.toEpochDay();
        final Snapshot now = snapshot(days, today, rules);
        long since = today;
        EscalationLevel previous = now.level;
        int changes = 0;
        boolean sinceFound = false;
        final int lookback = lookbackDays(rules);
        for (int back = 1; back <= lookback; back++) {
            final long day = today - back;
            final EscalationLevel level = levelOf.apply(day);
            if (!sinceFound && level != now.level) {
                sinceFound = true;
            }
            if (!sinceFound) {
                since = day;
            }
            if (back <= rules.volatileWindowDays() && level != previous) {
                changes++;
            }
            previous = level;
            if (sinceFound && back >= rules.volatileWindowDays()) {
                break;
            }
        }
        final List<String> flags = new ArrayList<>(2);
        if (now.c7 > 0 && now.prior28 == 0) {
            flags.add("ONSET");
        }
        if (now.b28 > 0 && now.ratio <= rules.deescalatingRatio()) {
            flags.add("DEESCALATING");
        }
        if (changes >= rules.volatileChanges()) {
            flags.add("VOLATILE");
        }
        return new RollingFigures(asOf, now.c7, now.b28, now.ratio, now.z, days.totalEvents(),
                days.fatalities(today - 6, today), now.fatalities30, now.level, LocalDate.ofEpochDay(since), List.copyOf(flags));
    }

    /** The level on {@code day} (an epoch day); it depends on the days up to {@code day} only. */
    public static EscalationLevel level(final DailySeries days, final long day, final EscalationRules rules) {
        return snapshot(days, day, rules).level;
    }

    /** How many days before {@code asOf} the level history is read (level since, volatility). */
    static int lookbackDays(final EscalationRules rules) {
        return Math.max(LEVEL_SINCE_LOOKBACK_DAYS, rules.volatileWindowDays());
    }

    private record Snapshot(int c7, int prior28, double b28, double ratio, Double z, int fatalities30, EscalationLevel level) {
    }

    /** The figures and level on {@code asOf}, an epoch day: every date below is a day number, not a {@code LocalDate}. */
    private static Snapshot snapshot(final DailySeries days, final long asOf, final EscalationRules rules) {
        final int c7 = days.events(asOf - 6, asOf);
        final int prior28 = days.events(asOf - 34, asOf - 7);
        final double b28 = prior28 / 4.0;
        final double ratio = c7 / Math.max(b28, 1.0);

        double mean = 0;
        final double[] weeks = new double[WEEKS_OF_HISTORY];
        for (int w = 0; w < WEEKS_OF_HISTORY; w++) {
            final long end = asOf - 7L * (w + 1);
            weeks[w] = days.events(end - 6, end);
            mean += weeks[w];
        }
        mean /= WEEKS_OF_HISTORY;
        double var = 0;
        for (double v : weeks) {
            var += (v - mean) * (v - mean);
        }
        final double denominator = Math.max(Math.sqrt(var / WEEKS_OF_HISTORY), Math.sqrt(mean));
        final Double z = denominator > 0 ? (c7 - mean) / denominator : null;

        final int fatalities30 = days.fatalities(asOf - 29, asOf);
        EscalationLevel level = c7 == 0 ? EscalationLevel.QUIET : EscalationLevel.ACTIVE;
        final boolean small = b28 <= rules.elevatedSmallB28() && c7 <= rules.elevatedSmallC7();
        if (c7 > 0 && ratio >= rules.elevatedRatio() && !small) {
            level = EscalationLevel.ELEVATED;
        }
        final boolean surge = (ratio >= rules.surgeRatio() && b28 >= rules.surgeMinB28())
                || (z != null && z >= rules.surgeZ() && c7 >= rules.surgeZMinC7());
        if (c7 > 0 && surge) {
            level = critical(days, asOf, rules, z, fatalities30) ? EscalationLevel.CRITICAL : EscalationLevel.SURGE;
        }
        return new Snapshot(c7, prior28, b28, ratio, z, fatalities30, level);
    }

    /** Whether a surge on {@code asOf} is critical; a method of its own, so the common path compiles small. */
    private static boolean critical(final DailySeries days, final long asOf, final EscalationRules rules, final Double z,
                                    final int fatalities30) {
        return (z != null && z >= rules.criticalZ())
                || (fatalities30 >= rules.criticalFatalities30() && isFatalityHigh(days, asOf, fatalities30))
                || firstCrossBorderAirStrike(days, asOf, rules.criticalFirstAirstrikeDays());
    }

    /** The 30-day figure is higher than at the end of each of the 52 weeks before. */
    private static boolean isFatalityHigh(final DailySeries days, final long asOf, final int now) {
        for (int w = 1; w <= WEEKS_OF_HISTORY; w++) {
            final long end = asOf - 7L * w;
            if (days.fatalities(end - 29, end) >= now) {
                return false;
            }
        }
        return true;
    }

    /** A cross-border air/drone strike in the last 7 days, and none in the {@code yearDays} before them. */
    private static boolean firstCrossBorderAirStrike(final DailySeries days, final long asOf, final int yearDays) {
        return days.crossBorderAirStrikes(asOf - 6, asOf) > 0
                && days.crossBorderAirStrikes(asOf - 6 - yearDays, asOf - 7) == 0;
    }

    /** Sums straight from a map of days (each call walks the range). */
    private record MapSeries(NavigableMap<LocalDate, DayCount> days) implements DailySeries {
        @Override
        public int events(final long from, final long to) {
            return range(from, to).stream().mapToInt(DayCount::events).sum();
        }

        @Override
        public int fatalities(final long from, final long to) {
            return range(from, to).stream().mapToInt(DayCount::fatalitiesLow).sum();
        }

        @Override
        public int crossBorderAirStrikes(final long from, final long to) {
            return range(from, to).stream().mapToInt(DayCount::crossBorderAirStrikes).sum();
        }

        private Collection<DayCount> range(final long from, final long to) {
            return days.subMap(LocalDate.ofEpochDay(from), true, LocalDate.ofEpochDay(to), true).values();
        }

        @Override
        public long totalEvents() {
            return days.values().stream().mapToLong(DayCount::events).sum();
        }
    }
}
