package io.sitrep.streams.domain;

/** Counted events and conservative fatalities of one region on one event date. */
public record DayCount(int events, int fatalitiesLow) {
}
