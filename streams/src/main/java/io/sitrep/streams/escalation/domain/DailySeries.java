package io.sitrep.streams.escalation.domain;

import java.time.LocalDate;

/**
 * A region's daily counts as the level rules read them: sums over inclusive ranges of event
 * dates, given as epoch days ({@link LocalDate#toEpochDay}): the rules read about 200 ranges per
 * level, and a {@code LocalDate} for each end cost more than the sum itself.
 * {@link EscalationCalculator} computes the figures from any implementation, so the full
 * recomputation ({@link EscalationCalculator#compute(java.util.NavigableMap, LocalDate, EscalationRules)})
 * and the running figures ({@link RollingSeries}) share one definition of every rule.
 */
public interface DailySeries {
    /** Counted events with an event date in {@code [from, to]} (epoch days). */
    int events(long from, long to);

    /** Conservative fatalities of the events dated in {@code [from, to]} (epoch days). */
    int fatalities(long from, long to);

    /** Cross-border air or drone strikes dated in {@code [from, to]} (epoch days). */
    int crossBorderAirStrikes(long from, long to);

    /** Counted events of every day kept. */
    long totalEvents();
}
