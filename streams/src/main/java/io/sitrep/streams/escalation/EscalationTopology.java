package io.sitrep.streams.escalation;

import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.RegionDailyCount;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.Source;
import io.sitrep.schemas.avro.Stage;
import io.sitrep.schemas.avro.internal.DailyAggregate;
import io.sitrep.schemas.avro.internal.EventClock;
import io.sitrep.schemas.serde.AvroSerde;
import io.sitrep.streams.escalation.domain.EscalationRules;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Aggregation: events → daily counts per region and event date → rolling figures per region.
 *
 * <ol>
 *   <li>The event-time clock: each task publishes the latest event date it has seen to
 *       {@code sitrep.escalation.clock}; every instance reads that topic into a global store, and
 *       the clock is its maximum (see {@link RegionFiguresProcessor} for why).</li>
 *   <li>Late news: an event reported more than the grace period (default 14 days) after it
 *       happened goes to the rejected topic with reason {@value #REASON_LATE}; it is not silently
 *       dropped (see {@link LateEventGate} for why publish time is the reference).</li>
 *   <li>Events are then a table keyed by event id, so a corrected, merged or re-attributed event
 *       replaces its earlier version and the old region/day is decremented by the subtractor:
 *       table semantics with retractions, not an append-only tally. Non-violent developments
 *       (counted = false) are filtered out, which retracts them too if an event changes kind.</li>
 *   <li>Daily rows per {@code <region>|<yyyy-mm-dd>} by event date (not arrival time) hold the
 *       day's events; the public daily record carries their counts (by type, distinct stories
 *       and outlets, conservative and high fatalities).</li>
 *   <li>Rolling figures per region are recomputed on every change of one of its days and when the
 *       clock moves.</li>
 * </ol>
 */
public final class EscalationTopology {
    public static final String CLOCK_STORE = "esc-clock-store";
    public static final String EVENTS_STORE = "esc-events-store";
    public static final String DAILY_STORE = "esc-daily-store";
    public static final String DAYS_STORE = "esc-region-days-store";
    public static final String LATEST_STORE = "esc-latest-store";
    public static final String CLOCK_ADVANCE_STORE = "esc-clock-advance-store";
    public static final String REASON_LATE = "LATE_EVENT";
    public static final Duration DEFAULT_GRACE = Duration.ofDays(14);
    public static final Duration DEFAULT_PUNCTUATE_INTERVAL = Duration.ofSeconds(1);

    private final TopicSpecs topics;
    private final Duration grace;
    private final EscalationRules rules;
    private final Duration punctuateInterval;

    public EscalationTopology(final TopicSpecs topics) {
        this(topics, DEFAULT_GRACE, EscalationRules.DEFAULTS, DEFAULT_PUNCTUATE_INTERVAL);
    }

    /**
     * @param grace             how late (in event days behind the clock) an event may still correct the figures
     * @param rules             level and flag thresholds
     * @param punctuateInterval how often (wall clock) a moved event-time clock is applied to quiet regions
     */
    public EscalationTopology(final TopicSpecs topics, final Duration grace, final EscalationRules rules,
                              final Duration punctuateInterval) {
        this.topics = topics;
        this.grace = grace;
        this.rules = rules;
        this.punctuateInterval = punctuateInterval;
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
        final Serde<DailyAggregate> aggregateSerde = AvroSerde.forValues(topics.registry(), DailyAggregate.class);
        final Serde<EventClock> clockSerde = AvroSerde.forValues(topics.registry(), EventClock.class);

        // the clock topic is read whole by every instance; its changelog is the topic itself
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLOCK_STORE), keys, clockSerde).withLoggingDisabled(),
                Topics.ESCALATION_CLOCK,
                Consumed.with(keys, clockSerde).withName("esc-clock-source"),
                () -> new ClockStoreUpdater(CLOCK_STORE));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CLOCK_ADVANCE_STORE), keys, clockSerde)
                .withLoggingDisabled());

        final KStream<String, AttributedEvent> events = builder.stream(topics.eventsAttributed().name(),
                Consumed.with(keys, eventSerde).withName("esc-events-source"));

        events.process(() -> new ClockAdvancer(CLOCK_STORE), Named.as("esc-clock-advance"))
                .to(Topics.ESCALATION_CLOCK, Produced.with(keys, clockSerde).withName("esc-clock-sink"));

        final Map<String, KStream<String, LateEventGate.Gated>> gated = events
                .processValues(() -> new LateEventGate(grace), Named.as("esc-late-gate"))
                .split(Named.as("esc-gate-"))
                .branch((id, g) -> g.late(), Branched.as("late"))
                .defaultBranch(Branched.as("in-time"));

        gated.get("esc-gate-late")
                .mapValues((id, g) -> lateRejection(id, g), Named.as("esc-late-to-rejected"))
                .to(topics.reportsRejected().name(),
                        Produced.with(keys, topics.reportsRejected().valueSerde()).withName("esc-rejected-sink"));

        final KTable<String, DailyAggregate> daily = gated.get("esc-gate-in-time")
                .mapValues(LateEventGate.Gated::event, Named.as("esc-ungate"))
                .toTable(Named.as("esc-events-table"),
                        Materialized.<String, AttributedEvent, KeyValueStore<Bytes, byte[]>>as(EVENTS_STORE)
                                .withKeySerde(keys).withValueSerde(eventSerde))
                .filter((eventId, event) -> event.getCounted(), Named.as("esc-counted-only"))
                .groupBy((eventId, event) -> KeyValue.pair(dayKey(event.getRegionCode(), event.getEventDate()), event),
                        Grouped.with("esc-by-region-day", keys, eventSerde))
                .aggregate(EscalationTopology::emptyDay, EscalationTopology::addEvent, EscalationTopology::removeEvent,
                        Named.as("esc-daily-aggregate"),
                        Materialized.<String, DailyAggregate, KeyValueStore<Bytes, byte[]>>as(DAILY_STORE)
                                .withKeySerde(keys).withValueSerde(aggregateSerde));

        daily.toStream(Named.as("esc-daily-to-stream"))
                .mapValues(EscalationTopology::publicDailyCount, Named.as("esc-daily-count"))
                .to(topics.escalationDaily().name(), Produced.with(keys, dailySerde).withName("esc-daily-sink"));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DAYS_STORE), keys, aggregateSerde));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LATEST_STORE), keys, latestSerde));
        daily.toStream(Named.as("esc-days-to-stream"))
                .selectKey((dayKey, day) -> day.getRegionCode(), Named.as("esc-key-by-region"))
                .repartition(Repartitioned.with(keys, aggregateSerde).withName("esc-by-region"))
                .process(() -> new RegionFiguresProcessor(DAYS_STORE, LATEST_STORE, CLOCK_STORE, rules, punctuateInterval),
                        Named.as("esc-rolling-figures"), DAYS_STORE, LATEST_STORE)
                .to(topics.escalationLatest().name(), Produced.with(keys, latestSerde).withName("esc-latest-sink"));
    }

    /** Key of a daily row: {@code <region>|<yyyy-mm-dd>}. */
    public static String dayKey(final String regionCode, final LocalDate day) {
        return regionCode + "|" + day;
    }

    private static DailyAggregate emptyDay() {
        return DailyAggregate.newBuilder().setRegionCode("").setDay(LocalDate.EPOCH).setEvents(new HashMap<>()).build();
    }

    private static DailyAggregate addEvent(final String key, final AttributedEvent event, final DailyAggregate day) {
        final Map<String, AttributedEvent> events = new HashMap<>(day.getEvents());
        events.put(event.getEventId(), event);
        return DailyAggregate.newBuilder().setRegionCode(event.getRegionCode()).setRegionName(event.getRegionName())
                .setDay(event.getEventDate()).setEvents(events).build();
    }

    private static DailyAggregate removeEvent(final String key, final AttributedEvent event, final DailyAggregate day) {
        final Map<String, AttributedEvent> events = new HashMap<>(day.getEvents());
        events.remove(event.getEventId());
        return DailyAggregate.newBuilder(day).setEvents(events).build();
    }

    static RegionDailyCount publicDailyCount(final DailyAggregate day) {
        final Map<String, Integer> byType = new HashMap<>();
        final Set<String> stories = new HashSet<>();
        final Set<String> outlets = new HashSet<>();
        int low = 0;
        int high = 0;
        for (AttributedEvent e : day.getEvents().values()) {
            byType.merge(e.getEventType().name(), 1, Integer::sum);
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
            low += e.getFatalitiesLow() == null ? 0 : e.getFatalitiesLow();
            high += e.getFatalitiesHigh() == null ? 0 : e.getFatalitiesHigh();
        }
        return RegionDailyCount.newBuilder()
                .setRegionCode(day.getRegionCode())
                .setRegionName(day.getRegionName())
                .setDay(day.getDay())
                .setEvents(day.getEvents().size())
                .setEventsByType(byType)
                .setFatalitiesLow(low)
                .setFatalitiesHigh(high)
                .setStories(stories.size())
                .setOutlets(outlets.size())
                .setUpdatedAt(Instant.now())
                .build();
    }

    private RejectedRecord lateRejection(final String eventId, final LateEventGate.Gated gated) {
        final AttributedEvent e = gated.event();
        return RejectedRecord.newBuilder()
                .setStage(Stage.AGGREGATE)
                .setReasonCode(REASON_LATE)
                .setMessage("Event " + eventId + " of " + e.getEventDate() + " was reported on " + gated.reportedOn()
                        + ", more than the grace period of " + grace.toDays()
                        + " days after it happened; it is not counted (raise --late-event-grace to accept older news)")
                .setReportId(e.getReportId())
                .setOriginalText(e.toString())
                .setRejectedAt(Instant.now())
                .build();
    }
}
