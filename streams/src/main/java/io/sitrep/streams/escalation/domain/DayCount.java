package io.sitrep.streams.escalation.domain;

/**
 * Counted events of one region on one event date, with the conservative fatalities and how many
 * of the events were cross-border air or drone strikes (one trigger of CRITICAL).
 */
public record DayCount(int events, int fatalitiesLow, int crossBorderAirStrikes) {
    public DayCount(final int events, final int fatalitiesLow) {
        this(events, fatalitiesLow, 0);
    }
}
