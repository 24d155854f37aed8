package io.sitrep.streams.escalation;

import io.sitrep.streams.flow.CommitWhenIdle;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.streams.StageTopology;
import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.RegionDailyCount;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.schemas.RejectedRecords;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.Stage;
import io.sitrep.schemas.avro.internal.EventClock;
import io.sitrep.schemas.serde.AvroSerde;
import io.sitrep.streams.escalation.domain.EscalationRules;
import org.apache.avro.specific.SpecificRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
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
 *   <li>Events arrive partitioned by region: attribution writes {@code sitrep.events.attributed}
 *       with {@link RegionPartitioner}, so they go without a repartition hop to one processor per
 *       task ({@link RegionFiguresProcessor}) that keeps them by event id, so a corrected, merged
 *       or re-attributed event replaces its earlier version and its old region/day is
 *       decremented: table semantics with retractions, not an append-only tally. Non-violent
 *       developments (counted = false) are not counted, which retracts them too if an event
 *       changes kind.</li>
 *   <li>For each changed day it publishes the daily record of {@code <region>|<yyyy-mm-dd>} by
 *       event date (not arrival time: counts by type, distinct stories and outlets, conservative
 *       and high fatalities), and the region's rolling figures, kept by deltas of the changed
 *       day; figures are applied again when the clock moves.</li>
 * </ol>
 */
public final class EscalationTopology implements StageTopology {
    public static final String CLOCK_STORE = "esc-clock-store";
    /** Event id → counted version of the event, in the task of the event's region. */
    public static final String EVENTS_STORE = "esc-region-events-store";
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

    @Override
    public void addTo(final StreamsBuilder builder) {
        final Serde<String> keys = Serdes.String();
        final Serde<AttributedEvent> eventSerde = topics.eventsAttributed().valueSerde();
        final Serde<RegionDailyCount> dailySerde = topics.escalationDaily().valueSerde();
        final Serde<RegionEscalation> latestSerde = topics.escalationLatest().valueSerde();
        final Serde<EventClock> clockSerde = AvroSerde.forValues(topics.registry(), EventClock.class);

        // the clock topic is read whole by every instance; its changelog is the topic itself
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLOCK_STORE), keys, clockSerde).withLoggingDisabled(),
                Topics.ESCALATION_CLOCK,
                Consumed.with(keys, clockSerde).withName("esc-clock-source"),
                () -> new ClockStoreUpdater(CLOCK_STORE));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CLOCK_ADVANCE_STORE), keys, clockSerde)
                .withLoggingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EVENTS_STORE), keys, eventSerde));
        // rebuilt from the events store on start (RegionFiguresProcessor): no changelog
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(LATEST_STORE), keys, latestSerde)
                .withLoggingDisabled());

        final KStream<String, AttributedEvent> events = builder.stream(topics.eventsAttributed().name(),
                Consumed.with(keys, eventSerde).withName("esc-events-source"))
                .processValues(CommitWhenIdle::new, Named.as("esc-commit-when-idle"));

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

        // no hop: attribution writes the events topic partitioned by region (RegionPartitioner), so
        // the events store, the day's record and the figures of a region are all local to this task
        final Map<String, KStream<String, SpecificRecord>> outputs = gated.get("esc-gate-in-time")
                .mapValues(LateEventGate.Gated::event, Named.as("esc-ungate"))
                .process(() -> new RegionFiguresProcessor(EVENTS_STORE, LATEST_STORE, CLOCK_STORE, rules, punctuateInterval),
                        Named.as("esc-region-figures"), EVENTS_STORE, LATEST_STORE)
                .split(Named.as("esc-out-"))
                .branch((key, value) -> value instanceof RegionDailyCount, Branched.as("daily"))
                .defaultBranch(Branched.as("latest"));
        outputs.get("esc-out-daily")
                .mapValues(value -> (RegionDailyCount) value, Named.as("esc-as-daily"))
                .to(topics.escalationDaily().name(), Produced.with(keys, dailySerde).withName("esc-daily-sink"));
        outputs.get("esc-out-latest")
                .mapValues(value -> (RegionEscalation) value, Named.as("esc-as-latest"))
                .to(topics.escalationLatest().name(), Produced.with(keys, latestSerde).withName("esc-latest-sink"));
    }

    /** Key of a daily row: {@code <region>|<yyyy-mm-dd>}. */
    public static String dayKey(final String regionCode, final LocalDate day) {
        return regionCode + "|" + day;
    }

    private RejectedRecord lateRejection(final String eventId, final LateEventGate.Gated gated) {
        final AttributedEvent e = gated.event();
        final String message = "Event " + eventId + " of " + e.getEventDate() + " was reported on " + gated.reportedOn()
                + ", more than the grace period of " + grace.toDays()
                + " days after it happened; it is not counted (raise --late-event-grace to accept older news)";
        return RejectedRecords.withText(RejectedRecords.envelope(Stage.AGGREGATE, REASON_LATE, message, Instant.now())
                        .setReportId(e.getReportId()), e.toString().getBytes(StandardCharsets.UTF_8), false)
                .build();
    }
}
