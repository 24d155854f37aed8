package io.sitrep.streams.escalation;

import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.schemas.avro.internal.DailyAggregate;
import io.sitrep.schemas.avro.internal.EventClock;
import io.sitrep.streams.escalation.domain.DayCount;
import io.sitrep.streams.escalation.domain.EscalationCalculator;
import io.sitrep.streams.escalation.domain.EscalationRules;
import io.sitrep.streams.escalation.domain.RollingFigures;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each region's days and recomputes its rolling figures (C7, B28, R, Z, level, flags) on
 * every change of one of its days, and again whenever the event-time clock moves.
 *
 * <p>Input: the daily aggregate of one region and day (absolute, not a delta), keyed by region.
 * State: {@code <region>|<yyyy-mm-dd>} → that day's aggregate (prefix-scanned per region), and
 * region → latest figures (queried by the API).
 *
 * <p>Why a wall-clock punctuator reading a global clock: figures end on the pipeline's event-time
 * "today" (the latest event date seen anywhere), so a region that falls silent must still decay
 * to QUIET as other regions' news moves time on. Stream-time punctuation would not do: stream
 * time is per task and stands still on a quiet partition. The punctuator only looks at the global
 * clock, so the figures remain a function of the events (replaying them gives the same figures);
 * the wall clock only decides how soon a clock change is applied (default every second).
 */
public final class RegionFiguresProcessor implements Processor<String, DailyAggregate, String, RegionEscalation> {
    private final String daysStoreName;
    private final String latestStoreName;
    private final String clockStoreName;
    private final EscalationRules rules;
    private final Duration punctuateInterval;
    private ProcessorContext<String, RegionEscalation> context;
    private KeyValueStore<String, DailyAggregate> days;
    private KeyValueStore<String, RegionEscalation> latest;
    private KeyValueStore<String, EventClock> clock;
    private LocalDate appliedClock;

    public RegionFiguresProcessor(final String daysStoreName, final String latestStoreName, final String clockStoreName,
                                  final EscalationRules rules, final Duration punctuateInterval) {
        this.daysStoreName = daysStoreName;
        this.latestStoreName = latestStoreName;
        this.clockStoreName = clockStoreName;
        this.rules = rules;
        this.punctuateInterval = punctuateInterval;
    }

    @Override
    public void init(final ProcessorContext<String, RegionEscalation> context) {
        this.context = context;
        this.days = context.getStateStore(daysStoreName);
        this.latest = context.getStateStore(latestStoreName);
        this.clock = context.getStateStore(clockStoreName);
        context.schedule(punctuateInterval, PunctuationType.WALL_CLOCK_TIME, ignored -> applyClock());
    }

    /** The key of one region's day in the days store. */
    public static String dayKey(final String region, final LocalDate day) {
        return region + "|" + day;
    }

    @Override
    public void process(final Record<String, DailyAggregate> record) {
        final DailyAggregate day = record.value();
        if (day == null || day.getRegionCode().isEmpty()) {
            return;
        }
        final String key = dayKey(day.getRegionCode(), day.getDay());
        if (day.getEvents().isEmpty()) {
            days.delete(key);
        } else {
            days.put(key, day);
        }
        emitIfChanged(day.getRegionCode(), day.getRegionName(), EventTimeClock.now(clock).orElse(day.getDay()), true);
    }

    /** Re-evaluates every region when the clock moved since the last time, and drops days nothing depends on any more. */
    private void applyClock() {
        final Optional<LocalDate> now = EventTimeClock.now(clock);
        if (now.isEmpty() || (appliedClock != null && !now.get().isAfter(appliedClock))) {
            return;
        }
        final List<KeyValue<String, RegionEscalation>> regions = new ArrayList<>();
        try (KeyValueIterator<String, RegionEscalation> it = latest.all()) {
            it.forEachRemaining(regions::add);
        }
        for (KeyValue<String, RegionEscalation> region : regions) {
            pruneBefore(region.key, now.get().minusDays(EscalationCalculator.HISTORY_DAYS));
            emitIfChanged(region.key, region.value.getRegionName(), now.get(), false);
        }
        appliedClock = now.get();
    }

    private void emitIfChanged(final String region, final String regionName, final LocalDate clockNow, final boolean always) {
        final NavigableMap<LocalDate, DayCount> counts = new TreeMap<>();
        try (KeyValueIterator<String, DailyAggregate> it = days.prefixScan(region + "|", new StringSerializer())) {
            it.forEachRemaining(kv -> counts.put(kv.value.getDay(), dayCount(kv.value)));
        }
        // a region's own newest day may be ahead of the clock until the clock topic has caught up
        final LocalDate asOf = counts.isEmpty() || !counts.lastKey().isAfter(clockNow) ? clockNow : counts.lastKey();
        final RollingFigures f = EscalationCalculator.compute(counts, asOf, rules);
        final RegionEscalation previous = latest.get(region);
        final RegionEscalation next = RegionEscalation.newBuilder()
                .setRegionCode(region)
                .setRegionName(regionName)
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
        // the store always shows the current asOf; the topic only gets a record when a figure changed
        latest.put(region, next);
        if (always || previous == null || !sameFigures(previous, next)) {
            context.forward(new Record<>(region, next, context.currentSystemTimeMs()));
        }
    }

    private void pruneBefore(final String region, final LocalDate oldestKept) {
        final List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, DailyAggregate> it = days.prefixScan(region + "|", new StringSerializer())) {
            it.forEachRemaining(kv -> {
                if (kv.value.getDay().isBefore(oldestKept)) {
                    stale.add(kv.key);
                }
            });
        }
        stale.forEach(days::delete);
    }

    static DayCount dayCount(final DailyAggregate day) {
        int fatalities = 0;
        int crossBorderAir = 0;
        for (AttributedEvent e : day.getEvents().values()) {
            fatalities += e.getFatalitiesLow() == null ? 0 : e.getFatalitiesLow();
            if (isCrossBorderAirStrike(e)) {
                crossBorderAir++;
            }
        }
        return new DayCount(day.getEvents().size(), fatalities, crossBorderAir);
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
