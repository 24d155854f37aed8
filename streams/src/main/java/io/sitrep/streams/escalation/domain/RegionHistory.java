package io.sitrep.streams.escalation.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The counted events of one region, by event date, with its running figures. An event is added
 * or retracted as a whole; the day's summary is computed from that day's events only, and the
 * rolling figures are updated by the day's delta ({@link RollingSeries}).
 */
public final class RegionHistory {

    /** What one counted event contributes to its day. */
    public record EventFacts(LocalDate day, String eventType, int fatalitiesLow, int fatalitiesHigh,
                             boolean crossBorderAirStrike, Set<String> stories, Set<String> outlets) {
    }

    /** One day of a region: events, by type, fatalities, distinct stories and outlets. */
    public record DaySummary(LocalDate day, int events, Map<String, Integer> eventsByType, int fatalitiesLow,
                             int fatalitiesHigh, int stories, int outlets) {
    }

    private final TreeMap<LocalDate, Map<String, EventFacts>> days = new TreeMap<>();
    private final RollingSeries series;

    public RegionHistory(final EscalationRules rules) {
        this.series = new RollingSeries(rules);
    }

    public void add(final String eventId, final EventFacts facts) {
        final EventFacts replaced = days.computeIfAbsent(facts.day(), d -> new HashMap<>()).put(eventId, facts);
        if (replaced != null) {
            apply(replaced, -1);
        }
        apply(facts, 1);
    }

    public void retract(final String eventId, final LocalDate day) {
        final Map<String, EventFacts> events = days.get(day);
        final EventFacts removed = events == null ? null : events.remove(eventId);
        if (removed == null) {
            return;
        }
        if (events.isEmpty()) {
            days.remove(day);
        }
        apply(removed, -1);
    }

    private void apply(final EventFacts f, final int sign) {
        series.add(f.day(), sign, sign * f.fatalitiesLow(), f.crossBorderAirStrike() ? sign : 0);
    }

    /** The newest day with events, or null. */
    public LocalDate lastDay() {
        return days.isEmpty() ? null : days.lastKey();
    }

    public RollingFigures figures(final LocalDate asOf) {
        return series.figures(asOf);
    }

    public DaySummary summary(final LocalDate day) {
        final Map<String, EventFacts> events = days.getOrDefault(day, Map.of());
        final Map<String, Integer> byType = new HashMap<>();
        final Set<String> stories = new HashSet<>();
        final Set<String> outlets = new HashSet<>();
        int low = 0;
        int high = 0;
        for (EventFacts e : events.values()) {
            byType.merge(e.eventType(), 1, Integer::sum);
            stories.addAll(e.stories());
            outlets.addAll(e.outlets());
            low += e.fatalitiesLow();
            high += e.fatalitiesHigh();
        }
        return new DaySummary(day, events.size(), byType, low, high, stories.size(), outlets.size());
    }

    /** Retracts every event dated before {@code oldestKept} and returns their ids. */
    public List<String> pruneBefore(final LocalDate oldestKept) {
        final List<String> pruned = new ArrayList<>();
        final var old = days.headMap(oldestKept, false);
        for (Map<String, EventFacts> events : old.values()) {
            for (var e : events.entrySet()) {
                pruned.add(e.getKey());
                apply(e.getValue(), -1);
            }
        }
        old.clear();
        return pruned;
    }
}
