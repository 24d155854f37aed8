package io.sitrep.streams.escalation;

import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.RegionDailyCount;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.schemas.avro.Source;
import io.sitrep.schemas.avro.internal.EventClock;
import io.sitrep.streams.escalation.domain.EscalationCalculator;
import io.sitrep.streams.escalation.domain.EscalationRules;
import io.sitrep.streams.escalation.domain.RegionHistory;
import io.sitrep.streams.escalation.domain.RollingFigures;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts the events of the regions of one partition and keeps their rolling figures (C7, B28, R,
 * Z, level, flags) up to date on every event, and again whenever the event-time clock moves.
 *
 * <p>Input: events keyed by event id, partitioned by region ({@link RegionPartitioner}), so all of
 * a region's events meet in one task. State: event id → the counted version of the event (the
 * retraction of a corrected event needs its previous day and region; the query API lists a
 * region's events from it), region → latest figures (queried by the API), and, in memory, a
 * {@link RegionHistory} per region rebuilt from the events store when the task starts. A change
 * costs the changed day, not the region's history: the daily record is computed from that day's
 * events, the figures from running sums.
 *
 * <p>Output: {@link RegionDailyCount} keyed {@code <region>|<yyyy-mm-dd>} for each changed day and
 * {@link RegionEscalation} keyed by region; the topology routes them to their topics.
 *
 * <p>Why a wall-clock punctuator reading a global clock: figures end on the pipeline's event-time
 * "today" (the latest event date seen anywhere), so a region that falls silent must still decay
 * to QUIET as other regions' news moves time on. Stream-time punctuation would not do: stream
 * time is per task and stands still on a quiet partition. The punctuator only looks at the global
 * clock, so the figures remain a function of the events (replaying them gives the same figures);
 * the wall clock only decides how soon a clock change is applied (default every second).
 */
public final class RegionFiguresProcessor implements Processor<String, AttributedEvent, String, SpecificRecord> {
    private final String eventsStoreName;
    private final String latestStoreName;
    private final String clockStoreName;
    private final EscalationRules rules;
    private final Duration punctuateInterval;
    private final Map<String, RegionHistory> histories = new HashMap<>();
    private final Map<String, String> regionNames = new HashMap<>();
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, AttributedEvent> events;
    private KeyValueStore<String, RegionEscalation> latest;
    private KeyValueStore<String, EventClock> clock;
    private LocalDate appliedClock;

    public RegionFiguresProcessor(final String eventsStoreName, final String latestStoreName, final String clockStoreName,
                                  final EscalationRules rules, final Duration punctuateInterval) {
        this.eventsStoreName = eventsStoreName;
        this.latestStoreName = latestStoreName;
        this.clockStoreName = clockStoreName;
        this.rules = rules;
        this.punctuateInterval = punctuateInterval;
    }

    @Override
    public void init(final ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.events = context.getStateStore(eventsStoreName);
        this.latest = context.getStateStore(latestStoreName);
        this.clock = context.getStateStore(clockStoreName);
        // runs after the stores are restored: the in-memory histories are a view of the events store
        try (KeyValueIterator<String, AttributedEvent> it = events.all()) {
            it.forEachRemaining(kv -> history(kv.value).add(kv.key, facts(kv.value)));
        }
        // the latest figures are kept in memory only: they follow from the events and the clock
        final LocalDate clockNow = EventTimeClock.now(clock).orElse(null);
        histories.forEach((region, history) -> latest.put(region,
                figures(region, clockNow == null ? history.lastDay() : clockNow)));
        context.schedule(punctuateInterval, PunctuationType.WALL_CLOCK_TIME, ignored -> applyClock());
    }

    @Override
    public void process(final Record<String, AttributedEvent> record) {
        final String eventId = record.key();
        final AttributedEvent next = record.value();
        final AttributedEvent previous = events.get(eventId);
        final boolean counted = next != null && next.getCounted();
        if (previous == null && !counted) {
            return;
        }
        // region → changed days, in the order met
        final Map<String, Set<LocalDate>> changed = new HashMap<>();
        if (previous != null) {
            histories.get(previous.getRegionCode()).retract(eventId, previous.getEventDate());
            changed.computeIfAbsent(previous.getRegionCode(), r -> new LinkedHashSet<>()).add(previous.getEventDate());
        }
        if (counted) {
            events.put(eventId, next);
            history(next).add(eventId, facts(next));
            changed.computeIfAbsent(next.getRegionCode(), r -> new LinkedHashSet<>()).add(next.getEventDate());
        } else {
            events.delete(eventId);
        }
        final LocalDate clockNow = EventTimeClock.now(clock).orElse(null);
        changed.forEach((region, days) -> {
            days.forEach(day -> context.forward(record.withKey(EscalationTopology.dayKey(region, day))
                    .<SpecificRecord>withValue(dailyCount(region, day))));
            emitIfChanged(region, clockNow == null ? Collections.max(days) : clockNow, true);
        });
    }

    private RegionHistory history(final AttributedEvent event) {
        regionNames.put(event.getRegionCode(), event.getRegionName());
        return histories.computeIfAbsent(event.getRegionCode(), r -> new RegionHistory(rules));
    }

    /** Re-evaluates every region when the clock moved since the last time, and drops days nothing depends on any more. */
    private void applyClock() {
        final Optional<LocalDate> now = EventTimeClock.now(clock);
        if (now.isEmpty() || (appliedClock != null && !now.get().isAfter(appliedClock))) {
            return;
        }
        final List<String> regions = new ArrayList<>();
        try (KeyValueIterator<String, RegionEscalation> it = latest.all()) {
            it.forEachRemaining(kv -> {
                regions.add(kv.key);
                regionNames.putIfAbsent(kv.key, kv.value.getRegionName());
            });
        }
        final LocalDate oldestKept = now.get().minusDays(EscalationCalculator.HISTORY_DAYS);
        for (String region : regions) {
            final RegionHistory history = histories.get(region);
            if (history != null) {
                history.pruneBefore(oldestKept).forEach(events::delete);
            }
            emitIfChanged(region, now.get(), false);
        }
        appliedClock = now.get();
    }

    private void emitIfChanged(final String region, final LocalDate clockNow, final boolean always) {
        final RegionEscalation previous = latest.get(region);
        final RegionEscalation next = figures(region, clockNow);
        // the store always shows the current asOf; the topic only gets a record when a figure changed
        latest.put(region, next);
        if (always || previous == null || !sameFigures(previous, next)) {
            context.forward(new Record<>(region, next, context.currentSystemTimeMs()));
        }
    }

    private RegionEscalation figures(final String region, final LocalDate clockNow) {
        final RegionHistory history = histories.computeIfAbsent(region, r -> new RegionHistory(rules));
        // a region's own newest day may be ahead of the clock until the clock topic has caught up
        final LocalDate last = history.lastDay();
        final LocalDate asOf = last == null || !last.isAfter(clockNow) ? clockNow : last;
        final RollingFigures f = history.figures(asOf);
        return RegionEscalation.newBuilder()
                .setRegionCode(region)
                .setRegionName(regionNames.getOrDefault(region, ""))
                .setAsOf(f.asOf())
                .setLevel(f.level())
                .setLevelSince(f.levelSince())
                .setC7(f.c7())
                .setB28(f.b28())
                .setRatio(f.ratio())
                .setZ(f.z())
                .setTotalEvents(f.totalEvents())
                .setFatalities7Low(f.fatalities7Low())
                .setFatalities30Low(f.fatalities30Low())
                .setFlags(f.flags())
                .setUpdatedAt(Instant.now())
                .build();
    }

    private RegionDailyCount dailyCount(final String region, final LocalDate day) {
        final RegionHistory.DaySummary s = histories.get(region).summary(day);
        return RegionDailyCount.newBuilder()
                .setRegionCode(region)
                .setRegionName(regionNames.getOrDefault(region, ""))
                .setDay(day)
                .setEvents(s.events())
                .setEventsByType(s.eventsByType())
                .setFatalitiesLow(s.fatalitiesLow())
                .setFatalitiesHigh(s.fatalitiesHigh())
                .setStories(s.stories())
                .setOutlets(s.outlets())
                .setUpdatedAt(Instant.now())
                .build();
    }

    /** What a counted event contributes to its region's day. */
    static RegionHistory.EventFacts facts(final AttributedEvent e) {
        final Set<String> stories = new HashSet<>();
        final Set<String> outlets = new HashSet<>();
        stories.add(e.getStoryId());
        if (!e.getSourceOutlet().isEmpty()) {
            outlets.add(e.getSourceOutlet());
        }
        for (Source s : e.getSources()) {
            stories.add(s.getStoryId());
            if (!s.getOutlet().isEmpty()) {
                outlets.add(s.getOutlet());
            }
        }
        return new RegionHistory.EventFacts(e.getEventDate(), e.getEventType().name(),
                e.getFatalitiesLow() == null ? 0 : e.getFatalitiesLow(), e.getFatalitiesHigh() == null ? 0 : e.getFatalitiesHigh(),
                isCrossBorderAirStrike(e), stories, outlets);
    }

    /** An air or drone strike by one state on the other state's territory. */
    static boolean isCrossBorderAirStrike(final AttributedEvent e) {
        if (e.getEventType() != EventType.AIR_DRONE_STRIKE) {
            return false;
        }
        final String actorCountry = switch (e.getActorSide()) {
            case AFGHANISTAN -> "AF";
            case PAKISTAN -> "PK";
            default -> null;
        };
        return actorCountry != null && !actorCountry.equals(e.getCountryCode());
    }

    private static boolean sameFigures(final RegionEscalation a, final RegionEscalation b) {
        return a.getLevel() == b.getLevel()
                && Objects.equals(a.getLevelSince(), b.getLevelSince()) && a.getC7() == b.getC7()
                && a.getB28() == b.getB28() && Objects.equals(a.getZ(), b.getZ())
                && a.getTotalEvents() == b.getTotalEvents() && a.getFatalities30Low() == b.getFatalities30Low()
                && a.getFlags().equals(b.getFlags());
    }
}
