package io.sitrep.streams.escalation.domain;

import io.sitrep.schemas.avro.EscalationLevel;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * A region's daily counts kept for the running figures: a change of one day is applied as a delta
 * in constant time, and every sum the rules read costs constant time, whatever the region's history.
 *
 * <p>Days live in a ring of {@value #CAPACITY} slots (more than the {@link EscalationCalculator#HISTORY_DAYS}
 * the figures read, plus the level look-back); next to each day's counts the ring keeps the
 * 7-day event sum and the 30-day fatality sum ending on that day, so C7, B28, the 52 weekly
 * counts behind Z and the 52 fatality figures are one read each. Levels of past days are cached:
 * a level depends only on days up to its own, so a change on day d clears the cached levels from
 * d on (within the grace period, a handful), and the figures of a region cost one snapshot plus
 * the changed days, not the 90-day look-back of a full recomputation.
 *
 * <p>Figures must be asked as of a day no earlier than the newest event day; days more than
 * {@value #CAPACITY} days before the newest are outside the ring (the stream prunes them first).
 */
public final class RollingSeries implements DailySeries {
    static final int CAPACITY = 1024;
    private static final int WEEK = 7;
    private static final int MONTH = 30;

    private final EscalationRules rules;
    private final int[] events = new int[CAPACITY];
    private final int[] fatalities = new int[CAPACITY];
    /** Events of the 7 days ending on the slot's day. */
    private final int[] events7 = new int[CAPACITY];
    /** Conservative fatalities of the 30 days ending on the slot's day. */
    private final int[] fatalities30 = new int[CAPACITY];
    /** Epoch day → cross-border air strikes that day (rare: a sorted map is cheaper than a year-long window). */
    private final TreeMap<Long, Integer> airStrikes = new TreeMap<>();
    private final EscalationLevel[] levels = new EscalationLevel[CAPACITY];
    private final long[] levelDays = new long[CAPACITY];
    /** Epoch day of the newest slot in use; slots hold the days (newest - CAPACITY, newest]. */
    private long newest = Long.MIN_VALUE;
    private long cachedFrom = Long.MAX_VALUE;
    private long cachedTo = Long.MIN_VALUE;
    private long total;

    public RollingSeries(final EscalationRules rules) {
        this.rules = rules;
        Arrays.fill(levelDays, Long.MIN_VALUE);
    }

    /** Adds (or, with negative numbers, retracts) counts of one day. */
    public void add(final LocalDate day, final int eventDelta, final int fatalityDelta, final int airStrikeDelta) {
        final long d = day.toEpochDay();
        total += eventDelta;
        if (airStrikeDelta != 0) {
            airStrikes.merge(d, airStrikeDelta, (a, b) -> a + b == 0 ? null : a + b);
        }
        extendTo(d + MONTH - 1);
        for (long t = d; t < d + MONTH; t++) {
            if (inRing(t)) {
                final int slot = slot(t);
                if (t == d) {
                    events[slot] += eventDelta;
                    fatalities[slot] += fatalityDelta;
                }
                if (t < d + WEEK) {
                    events7[slot] += eventDelta;
                }
                fatalities30[slot] += fatalityDelta;
            }
        }
        forgetLevelsFrom(d);
    }

    /** The figures as of {@code asOf} (no earlier than the newest event day). */
    public RollingFigures figures(final LocalDate asOf) {
        // levels before the look-back are not read again: drop them, so every cached level lies in [cachedFrom, cachedTo]
        final long lookFrom = asOf.toEpochDay() - EscalationCalculator.lookbackDays(rules);
        for (; cachedFrom < lookFrom && cachedFrom <= cachedTo; cachedFrom++) {
            levelDays[slot(cachedFrom)] = Long.MIN_VALUE;
        }
        if (cachedFrom > cachedTo) {
            cachedFrom = Long.MAX_VALUE;
            cachedTo = Long.MIN_VALUE;
        }
        return EscalationCalculator.compute(this, asOf, rules, this::level);
    }

    private EscalationLevel level(final long d) {
        final int slot = slot(d);
        if (levelDays[slot] == d && d >= cachedFrom && d <= cachedTo) {
            return levels[slot];
        }
        final EscalationLevel level = EscalationCalculator.level(this, d, rules);
        levels[slot] = level;
        levelDays[slot] = d;
        cachedFrom = Math.min(cachedFrom, d);
        cachedTo = Math.max(cachedTo, d);
        return level;
    }

    private void forgetLevelsFrom(final long d) {
        for (long t = Math.max(d, cachedFrom); t <= cachedTo; t++) {
            levelDays[slot(t)] = Long.MIN_VALUE;
        }
        if (d <= cachedFrom) {
            cachedFrom = Long.MAX_VALUE;
            cachedTo = Long.MIN_VALUE;
        } else {
            cachedTo = Math.min(cachedTo, d - 1);
        }
    }

    @Override
    public int events(final long from, final long to) {
        return sum(from, to, events, events7, WEEK);
    }

    @Override
    public int fatalities(final long from, final long to) {
        return sum(from, to, fatalities, fatalities30, MONTH);
    }

    @Override
    public int crossBorderAirStrikes(final long from, final long to) {
        int n = 0;
        for (int v : airStrikes.subMap(from, true, to, true).values()) {
            n += v;
        }
        return n;
    }

    @Override
    public long totalEvents() {
        return total;
    }

    /** Whole blocks from the running sums, the rest day by day (at most {@code block - 1} reads). */
    private int sum(final long from, long to, final int[] daily, final int[] blocks, final int block) {
        int sum = 0;
        while (to - from + 1 >= block) {
            sum += read(blocks, to);
            to -= block;
        }
        for (; to >= from; to--) {
            sum += read(daily, to);
        }
        return sum;
    }

    private int read(final int[] values, final long day) {
        return inRing(day) ? values[slot(day)] : 0;
    }

    private boolean inRing(final long day) {
        return day <= newest && day > newest - CAPACITY;
    }

    /** Moves the ring's newest day forward, clearing the slots of the days that fall out. */
    private void extendTo(final long day) {
        if (day <= newest) {
            return;
        }
        final long from = newest == Long.MIN_VALUE ? day - CAPACITY + 1 : Math.max(newest + 1, day - CAPACITY + 1);
        for (long t = from; t <= day; t++) {
            final int slot = slot(t);
            events[slot] = 0;
            fatalities[slot] = 0;
            events7[slot] = 0;
            fatalities30[slot] = 0;
        }
        newest = day;
    }

    private static int slot(final long day) {
        return (int) Math.floorMod(day, (long) CAPACITY);
    }
}
