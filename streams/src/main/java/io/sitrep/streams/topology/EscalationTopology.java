package io.sitrep.streams.topology;

import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.RegionDailyCount;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.schemas.avro.internal.DayFigures;
import io.sitrep.schemas.avro.internal.RegionHistory;
import io.sitrep.schemas.serde.AvroSerde;
import io.sitrep.streams.domain.DayCount;
import io.sitrep.streams.domain.EscalationCalculator;
import io.sitrep.streams.domain.RollingFigures;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Aggregation: events → daily counts per region and event date → rolling figures per region.
 *
 * <p>Events are read as a table (key = event id), so a corrected, merged or re-attributed event
 * replaces its earlier version and the old region/day is decremented by the subtractor: counts
 * follow table semantics with retractions, not an append-only tally. Non-violent developments
 * (counted = false) are filtered out, which retracts them too if an event changes kind.
 *
 * <p>Daily rows are keyed {@code <region>|<yyyy-mm-dd>} by event date, not arrival time, so late
 * news lands on the day it happened, however late it arrives (no window grace applies). The
 * rolling figures are recomputed on every change of a region's days.
 *
 * <p>Known limit of this first version: the rolling window ends on the region's latest event
 * date, so a region that falls silent keeps its last figures until event-time punctuation moves
 * it to QUIET (planned with the rolling-escalation work).
 */
public final class EscalationTopology {
    public static final String EVENTS_STORE = "esc-events-store";
    public static final String DAILY_STORE = "esc-daily-store";
    public static final String HISTORY_STORE = "esc-history-store";
    public static final String LATEST_STORE = "esc-latest-store";

    private final TopicSpecs topics;

    public EscalationTopology(final TopicSpecs topics) {
        this.topics = topics;
    }

    public Topology build(final Properties streamsProps) {
        final StreamsBuilder builder = new StreamsBuilder();
        addTo(builder);
        return builder.build(streamsProps);
    }

    /** Adds this stage's nodes to a builder shared with the other stages. */
    public void addTo(final StreamsBuilder builder) {
        final Serde<String> keys = Serdes.String();
        final Serde<AttributedEvent> eventSerde = topics.eventsAttributed().valueSerde();
        final Serde<RegionDailyCount> dailySerde = topics.escalationDaily().valueSerde();
        final Serde<RegionEscalation> latestSerde = topics.escalationLatest().valueSerde();
        final Serde<RegionHistory> historySerde = AvroSerde.forValues(topics.registry(), RegionHistory.class);

        final KTable<String, AttributedEvent> events = builder.table(topics.eventsAttributed().name(),
                Consumed.with(keys, eventSerde).withName("esc-events-source"),
                Materialized.<String, AttributedEvent, KeyValueStore<Bytes, byte[]>>as(EVENTS_STORE)
                        .withKeySerde(keys).withValueSerde(eventSerde));

        final KTable<String, RegionDailyCount> daily = events
                .filter((eventId, event) -> event.getCounted(), Named.as("esc-counted-only"))
                .groupBy((eventId, event) -> KeyValue.pair(dayKey(event.getRegionCode(), event.getEventDate()), event),
                        Grouped.with("esc-by-region-day", keys, eventSerde))
                .aggregate(EscalationTopology::emptyDay, EscalationTopology::addEvent, EscalationTopology::subtractEvent,
                        Named.as("esc-daily-count"),
                        Materialized.<String, RegionDailyCount, KeyValueStore<Bytes, byte[]>>as(DAILY_STORE)
                                .withKeySerde(keys).withValueSerde(dailySerde));

        daily.toStream(Named.as("esc-daily-to-stream"))
                .to(topics.escalationDaily().name(), Produced.with(keys, dailySerde).withName("esc-daily-sink"));

        final KTable<String, RegionEscalation> latest = daily
                .groupBy((dayKey, day) -> KeyValue.pair(day.getRegionCode(), day),
                        Grouped.with("esc-by-region", keys, dailySerde))
                .aggregate(EscalationTopology::emptyHistory, EscalationTopology::addDay, EscalationTopology::removeDay,
                        Named.as("esc-region-history"),
                        Materialized.<String, RegionHistory, KeyValueStore<Bytes, byte[]>>as(HISTORY_STORE)
                                .withKeySerde(keys).withValueSerde(historySerde))
                .mapValues(EscalationTopology::rollingFigures, Named.as("esc-rolling-figures"),
                        Materialized.<String, RegionEscalation, KeyValueStore<Bytes, byte[]>>as(LATEST_STORE)
                                .withKeySerde(keys).withValueSerde(latestSerde));

        latest.toStream(Named.as("esc-latest-to-stream"))
                .to(topics.escalationLatest().name(), Produced.with(keys, latestSerde).withName("esc-latest-sink"));
    }

    /** Key of a daily row: {@code <region>|<yyyy-mm-dd>}. */
    public static String dayKey(final String regionCode, final LocalDate day) {
        return regionCode + "|" + day;
    }

    private static RegionDailyCount emptyDay() {
        return RegionDailyCount.newBuilder().setRegionCode("").setDay(LocalDate.EPOCH).setEvents(0)
                .setEventsByType(new HashMap<>()).setUpdatedAt(Instant.EPOCH).build();
    }

    private static RegionDailyCount addEvent(final String key, final AttributedEvent event, final RegionDailyCount day) {
        return applyEvent(event, day, +1);
    }

    private static RegionDailyCount subtractEvent(final String key, final AttributedEvent event, final RegionDailyCount day) {
        return applyEvent(event, day, -1);
    }

    private static RegionDailyCount applyEvent(final AttributedEvent event, final RegionDailyCount day, final int sign) {
        final Map<String, Integer> byType = new HashMap<>(day.getEventsByType());
        byType.merge(event.getEventType().name(), sign, Integer::sum);
        byType.values().removeIf(v -> v == 0);
        return RegionDailyCount.newBuilder(day)
                .setRegionCode(event.getRegionCode())
                .setRegionName(event.getRegionName())
                .setDay(event.getEventDate())
                .setEvents(day.getEvents() + sign)
                .setEventsByType(byType)
                .setFatalitiesLow(day.getFatalitiesLow() + sign * orZero(event.getFatalitiesLow()))
                .setFatalitiesHigh(day.getFatalitiesHigh() + sign * orZero(event.getFatalitiesHigh()))
                .setUpdatedAt(Instant.now())
                .build();
    }

    private static RegionHistory emptyHistory() {
        return RegionHistory.newBuilder().setRegionCode("").setDays(new HashMap<>()).build();
    }

    private static RegionHistory addDay(final String region, final RegionDailyCount day, final RegionHistory history) {
        final Map<String, DayFigures> days = new HashMap<>(history.getDays());
        days.put(day.getDay().toString(), new DayFigures(day.getEvents(), day.getFatalitiesLow(), day.getFatalitiesHigh()));
        return RegionHistory.newBuilder(history).setRegionCode(region).setRegionName(day.getRegionName()).setDays(days).build();
    }

    private static RegionHistory removeDay(final String region, final RegionDailyCount day, final RegionHistory history) {
        final Map<String, DayFigures> days = new HashMap<>(history.getDays());
        days.remove(day.getDay().toString());
        return RegionHistory.newBuilder(history).setDays(days).build();
    }

    static RegionEscalation rollingFigures(final RegionHistory history) {
        final NavigableMap<LocalDate, DayCount> days = new TreeMap<>();
        history.getDays().forEach((day, f) -> days.put(LocalDate.parse(day), new DayCount(f.getEvents(), f.getFatalitiesLow())));
        final LocalDate asOf = days.isEmpty() ? LocalDate.EPOCH : days.lastKey();
        final RollingFigures figures = EscalationCalculator.compute(days, asOf);
        return RegionEscalation.newBuilder()
                .setRegionCode(history.getRegionCode())
                .setRegionName(history.getRegionName())
                .setAsOf(figures.asOf())
                .setLevel(figures.level())
                .setLevelSince(figures.levelSince())
                .setC7(figures.c7())
                .setB28(figures.b28())
                .setRatio(figures.ratio())
                .setZ(figures.z())
                .setTotalEvents(figures.totalEvents())
                .setFatalities7Low(figures.fatalities7Low())
                .setFatalities30Low(figures.fatalities30Low())
                .setFlags(figures.flags())
                .setUpdatedAt(Instant.now())
                .build();
    }

    private static int orZero(final Integer value) {
        return value == null ? 0 : value;
    }
}
