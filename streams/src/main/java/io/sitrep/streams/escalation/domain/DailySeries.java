package io.sitrep.streams.escalation.domain;

import java.time.LocalDate;

/**
 * A region's daily counts as the level rules read them: sums over inclusive ranges of event
 * dates. {@link EscalationCalculator} computes the figures from any implementation, so the full
 * recomputation ({@link EscalationCalculator#compute(java.util.NavigableMap, LocalDate, EscalationRules)})
 * and the running figures ({@link RollingSeries}) share one definition of every rule.
 */
public interface DailySeries {
    /** Counted events with an event date in {@code [from, to]}. */
    int events(LocalDate from, LocalDate to);

    /** Conservative fatalities of the events dated in {@code [from, to]}. */
    int fatalities(LocalDate from, LocalDate to);

    /** Cross-border air or drone strikes dated in {@code [from, to]}. */
    int crossBorderAirStrikes(LocalDate from, LocalDate to);

    /** Counted events of every day kept. */
    long totalEvents();
}
