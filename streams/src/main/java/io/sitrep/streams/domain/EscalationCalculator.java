package io.sitrep.streams.domain;

import io.sitrep.schemas.avro.EscalationLevel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * Rolling per-region figures and levels from daily counts (ARCHITECTURE.md, "Aggregate"):
 * C7 = events in the 7 days ending {@code asOf}; B28 = weekly average of the 4 weeks before;
 * R = C7 / max(B28, 1); Z = (C7 − mean of the 52 weeks before) / max(σ, √mean).
 * Levels: QUIET (C7 = 0), ACTIVE (C7 ≥ 1), ELEVATED (R ≥ 1.25 unless B28 ≤ 2 and C7 ≤ 5),
 * SURGE (R ≥ 2 with B28 ≥ 1, or Z ≥ 2 with C7 ≥ 5), CRITICAL (SURGE and Z ≥ 3, or SURGE with 30-day
 * conservative fatalities ≥ 100 at a 52-week high). Flags: ONSET (events now, none in the 28 days
 * before), DEESCALATING (R ≤ 0.75 with a baseline).
 */
public final class EscalationCalculator {
    private static final int WEEKS_OF_HISTORY = 52;
    /** How far back {@code levelSince} is searched; older starts are reported as this bound. */
    private static final int LEVEL_SINCE_LOOKBACK_DAYS = 90;

    private EscalationCalculator() {
    }

    public static RollingFigures compute(final NavigableMap<LocalDate, DayCount> days, final LocalDate asOf) {
        final Snapshot now = snapshot(days, asOf);
        LocalDate since = asOf;
        for (int back = 1; back <= LEVEL_SINCE_LOOKBACK_DAYS; back++) {
            final LocalDate day = asOf.minusDays(back);
            if (snapshot(days, day).level != now.level) {
                break;
            }
            since = day;
        }
        final long total = days.values().stream().mapToLong(DayCount::events).sum();
        return new RollingFigures(asOf, now.c7, now.b28, now.ratio, now.z, total,
                sum(days, asOf.minusDays(6), asOf, true), sum(days, asOf.minusDays(29), asOf, true),
                now.level, since, now.flags);
    }

    private record Snapshot(int c7, double b28, double ratio, Double z, EscalationLevel level, List<String> flags) {
    }

    private static Snapshot snapshot(final NavigableMap<LocalDate, DayCount> days, final LocalDate asOf) {
        final int c7 = sum(days, asOf.minusDays(6), asOf, false);
        final int prior28 = sum(days, asOf.minusDays(34), asOf.minusDays(7), false);
        final double b28 = prior28 / 4.0;
        final double ratio = c7 / Math.max(b28, 1.0);

        final double[] weeks = new double[WEEKS_OF_HISTORY];
        for (int w = 0; w < WEEKS_OF_HISTORY; w++) {
            final LocalDate end = asOf.minusDays(7L * (w + 1));
            weeks[w] = sum(days, end.minusDays(6), end, false);
        }
        double mean = 0;
        for (double v : weeks) {
            mean += v;
        }
        mean /= WEEKS_OF_HISTORY;
        double var = 0;
        for (double v : weeks) {
            var += (v - mean) * (v - mean);
        }
        final double sigma = Math.sqrt(var / WEEKS_OF_HISTORY);
        final double denominator = Math.max(sigma, Math.sqrt(mean));
        final Double z = denominator > 0 ? (c7 - mean) / denominator : null;
        double weeklyHigh = 0;
        for (double v : weeks) {
            weeklyHigh = Math.max(weeklyHigh, v);
        }
        final int fatalities30 = sum(days, asOf.minusDays(29), asOf, true);

        EscalationLevel level = c7 == 0 ? EscalationLevel.QUIET : EscalationLevel.ACTIVE;
        if (c7 > 0 && ratio >= 1.25 && !(b28 <= 2 && c7 <= 5)) {
            level = EscalationLevel.ELEVATED;
        }
        final boolean surge = (ratio >= 2 && b28 >= 1) || (z != null && z >= 2 && c7 >= 5);
        if (c7 > 0 && surge) {
            level = EscalationLevel.SURGE;
            if ((z != null && z >= 3) || (fatalities30 >= 100 && c7 > weeklyHigh)) {
                level = EscalationLevel.CRITICAL;
            }
        }
        final List<String> flags = new ArrayList<>();
        if (c7 > 0 && prior28 == 0) {
            flags.add("ONSET");
        }
        if (b28 > 0 && ratio <= 0.75) {
            flags.add("DEESCALATING");
        }
        return new Snapshot(c7, b28, ratio, z, level, List.copyOf(flags));
    }

    private static int sum(final NavigableMap<LocalDate, DayCount> days, final LocalDate from, final LocalDate to,
                           final boolean fatalities) {
        int total = 0;
        for (DayCount d : days.subMap(from, true, to, true).values()) {
            total += fatalities ? d.fatalitiesLow() : d.events();
        }
        return total;
    }
}
